/** The built widget bundle, loaded once and kept compressed in memory. */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

/** Where `npm run build` (run by `npm install`) writes the widget. */
export const WIDGET_BUNDLE_PATH = new URL('../../dist/widget.js', import.meta.url);

export type WidgetAsset = { etag: string; identity: Buffer; gzip: Buffer; br: Buffer };

/** Reads and compresses the bundle; undefined when it has not been built. */
export function loadWidgetAsset(path: URL | string = WIDGET_BUNDLE_PATH): WidgetAsset | undefined {
  let identity: Buffer;
  try {
    identity = readFileSync(path);
  } catch {
    return undefined;
  }
  return {
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 16)}"`,
    identity,
    gzip: prebuiltGzip(path, identity) ?? gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

/** The build's Zopfli-compressed `<bundle>.gz`, when there is one and it holds exactly `identity`. */
function prebuiltGzip(path: URL | string, identity: Buffer): Buffer | undefined {
  try {
    const gz = readFileSync(`${path instanceof URL ? fileURLToPath(path) : path}.gz`);
    return gunzipSync(gz).equals(identity) ? gz : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bundle with `prefix` run before it (a form preloaded for `widget.js?form=ID`), compressed anew:
 * gzip at its best and brotli at 11, once per form version, since the result is cached.
 */
export function withPrefix(asset: WidgetAsset, prefix: string): WidgetAsset {
  // A magic comment the bundle opens with stays first: V8 reads its compile hint (`//# allFunctionsCalledOnLoad`,
  // widget/vite.config.ts) only at the top of a script.
  const top = asset.identity.subarray(
    0,
    asset.identity.indexOf('//#') === 0 ? asset.identity.indexOf('\n') + 1 : 0,
  );
  const identity = Buffer.concat([top, Buffer.from(prefix), asset.identity.subarray(top.length)]);
  return {
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 16)}"`,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}
