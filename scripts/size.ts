/** `npm run size`: the widget as served (dist/widget.js), raw, gzip and brotli, against its budget. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The goal for the gzipped widget, Preact included. */
export const WIDGET_BUDGET_IN_BYTES = 10 * 1024;
/** Above this the test suite fails. */
export const WIDGET_LIMIT_IN_BYTES = 12 * 1024;

const BUNDLE = fileURLToPath(new URL('../dist/widget.js', import.meta.url));

/** Sizes in bytes, compressed the way the server compresses it. */
export function widgetSizes(path = BUNDLE) {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { raw, gzip, brotli } = widgetSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
  console.log(`dist/widget.js  raw ${kb(raw)}  gzip ${kb(gzip)}  brotli ${kb(brotli)}`);
  console.log(
    `budget ${kb(WIDGET_BUDGET_IN_BYTES)} gzip (${gzip <= WIDGET_BUDGET_IN_BYTES ? 'met' : 'over'}); tests fail above ${kb(WIDGET_LIMIT_IN_BYTES)}`,
  );
}
