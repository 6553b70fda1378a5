/** The console's build (`dist/console/`): its page and its hashed assets, read once and kept compressed. */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Where `npm run build` writes the console. */
export const CONSOLE_BUILD_PATH = fileURLToPath(new URL('../../dist/console', import.meta.url));

export type ConsoleAsset = { type: string; identity: Buffer; gzip: Buffer; br: Buffer };
export type ConsoleAssets = { page: Buffer; assets: Map<string, ConsoleAsset> };

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The page and every file under `assets/`; undefined when the console has not been built. */
export function loadConsoleAssets(dir: string = CONSOLE_BUILD_PATH): ConsoleAssets | undefined {
  let page: Buffer;
  let names: string[];
  try {
    page = readFileSync(join(dir, 'index.html'));
    names = readdirSync(join(dir, 'assets'));
  } catch {
    return undefined;
  }
  const assets = new Map<string, ConsoleAsset>();
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const identity = readFileSync(join(dir, 'assets', name));
    assets.set(name, {
      type,
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    });
  }
  return { page, assets };
}
