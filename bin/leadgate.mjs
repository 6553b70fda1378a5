#!/usr/bin/env node
// Runs the built server when it is fresh (bin/built-server.mjs), else the TypeScript sources through tsx.
import { fileURLToPath } from 'node:url';
import { builtServer } from './built-server.mjs';

const built = builtServer(fileURLToPath(new URL('..', import.meta.url)));
let cli;
if (built) {
  cli = await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../server/cli.ts');
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err) => {
    console.error('leadgate: failed to start:', err?.message ?? err);
    process.exitCode = 1;
  },
);
