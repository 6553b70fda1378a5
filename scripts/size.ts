/** `npm run size`: the widget as the server sends it (dist/widget.js), raw, gzip and brotli, against its budget. */
import { fileURLToPath } from 'node:url';
import { loadWidgetAsset, WIDGET_BUNDLE_PATH } from '../server/web/widget-asset.ts';

/** The goal for the gzipped widget, Preact included. */
export const WIDGET_BUDGET_IN_BYTES = 10 * 1024;
/** Above this the test suite fails: the budget itself. */
export const WIDGET_LIMIT_IN_BYTES = WIDGET_BUDGET_IN_BYTES;

/** Sizes in bytes of each encoding the server sends. */
export function widgetSizes(path: URL | string = WIDGET_BUNDLE_PATH) {
  const asset = loadWidgetAsset(path);
  if (!asset) throw new Error(`${path} is missing: run npm run build`);
  return { raw: asset.identity.length, gzip: asset.gzip.length, brotli: asset.br.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { raw, gzip, brotli } = widgetSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
  console.log(`dist/widget.js  raw ${kb(raw)}  gzip ${kb(gzip)}  brotli ${kb(brotli)}`);
  console.log(
    `budget ${kb(WIDGET_BUDGET_IN_BYTES)} gzip (${gzip <= WIDGET_BUDGET_IN_BYTES ? 'met' : 'over'}); tests fail above ${kb(WIDGET_LIMIT_IN_BYTES)}`,
  );
}
