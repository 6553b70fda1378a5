/**
 * Which server to run: the build (dist/server/cli.js, by `npm run build`) when it is at least as new as
 * every source file it was built from, else none, and bin/leadgate.mjs runs the sources through tsx. So an
 * edit to server/ or shared/ is never served from an old build; it only costs the loader's memory until the
 * next build. Plain JavaScript: it decides before any TypeScript can be loaded.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL of the built server under `root` if it is fresh; undefined if it is missing or stale. */
export function builtServer(root) {
  const entry = join(root, 'dist/server/cli.js');
  try {
    const builtAt = statSync(entry).mtimeMs;
    const sources = JSON.parse(readFileSync(join(root, 'dist/server/sources.json'), 'utf8'));
    // A source deleted since the build throws here too: the build is stale.
    if (sources.some((source) => statSync(join(root, source)).mtimeMs > builtAt)) return undefined;
  } catch {
    return undefined;
  }
  return pathToFileURL(entry).href;
}
