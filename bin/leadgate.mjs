#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no server build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err) => {
    console.error('leadgate: failed to start:', err?.message ?? err);
    process.exitCode = 1;
  },
);
