/** Public pages and assets: health, the widget bundle and the demo. */
import { Hono } from 'hono';
import type { Health } from '../../shared/health.ts';
import { ApiError } from '../http/api-error.ts';
import { noQuery } from '../http/query.ts';
import { pageHeaders } from '../http/security-headers.ts';
import type { Logger } from '../log/logger.ts';
import { bookCallPage, demoPage, guidePage, PAGE_STYLE_SOURCE, privacyPage } from './demo-pages.ts';
import type { WidgetAsset } from './widget-asset.ts';

const WIDGET_MAX_AGE_IN_SECONDS = 300;
const FORM_SCRIPT_MAX_AGE_IN_SECONDS = 60;

/** `GET /healthz`, `GET /widget.js`, `GET /demo…` (unless `demo` is false). */
export function webRoutes({
  widget,
  publicUrl,
  demo = true,
  checkDb = async () => undefined,
  formScript = async () => undefined,
  logger,
}: {
  widget: WidgetAsset | undefined;
  /** The widget with form `id` preloaded (`widget.js?form=id`); undefined serves the plain bundle. */
  formScript?: (formId: string, referer?: string) => Promise<WidgetAsset | undefined>;
  publicUrl: () => string;
  demo?: boolean;
  /** Why the database cannot be written, or undefined: a server that cannot store a lead is not healthy. */
  checkDb?: () => Promise<string | undefined>;
  logger?: Logger;
}) {
  const app = new Hono();

  app.get('/healthz', noQuery, async (c) => {
    const problem = await checkDb();
    if (problem) {
      logger?.error({ problem }, 'health check: the database cannot be written');
      throw new ApiError(503, 'database_not_writable', 'The database cannot be written.');
    }
    return c.json({ status: 'ok' } satisfies Health);
  });

  // /widget.js and the pages take any query string: cache-busters on script tags and UTM parameters on
  // landing pages are normal there, and nothing reads them but `form`.
  app.get('/widget.js', async (c) => {
    if (!widget) {
      throw new ApiError(503, 'widget_not_built', 'The widget is not built; run `npm run build`.');
    }
    // `?form=ID`: the form comes inside the script, so it shows with no request after it. A changed form
    // must show within a minute, hence the shorter cache.
    const form = c.req.query('form');
    const preloaded = form === undefined ? undefined : await formScript(form, c.req.header('referer'));
    const asset = preloaded ?? widget;
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header(
      'cache-control',
      `public, max-age=${preloaded ? FORM_SCRIPT_MAX_AGE_IN_SECONDS : WIDGET_MAX_AGE_IN_SECONDS}`,
    );
    c.header('etag', asset.etag);
    // With `?form=`, a page the form refuses gets the plain bundle: the answer depends on the Referer.
    c.header('vary', form === undefined ? 'Accept-Encoding' : 'Accept-Encoding, Referer');
    // Pages that set Cross-Origin-Embedder-Policy can still load the script.
    c.header('cross-origin-resource-policy', 'cross-origin');
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    const accepts = c.req.header('accept-encoding') ?? '';
    if (/\bbr\b/.test(accepts)) {
      c.header('content-encoding', 'br');
      return c.body(new Uint8Array(asset.br));
    }
    if (/\bgzip\b/.test(accepts)) {
      c.header('content-encoding', 'gzip');
      return c.body(new Uint8Array(asset.gzip));
    }
    return c.body(new Uint8Array(asset.identity));
  });

  if (demo) {
    const page = pageHeaders({ publicUrl, styleSources: [PAGE_STYLE_SOURCE] });
    app.use('/demo', page);
    app.use('/demo/*', page);
    app.get('/', (c) => c.redirect('/demo'));
    app.get('/demo', (c) => c.html(demoPage(publicUrl())));
    app.get('/demo/energy-guide', (c) => c.html(guidePage()));
    app.get('/demo/book-a-call', (c) => c.html(bookCallPage()));
    app.get('/demo/privacy', (c) => c.html(privacyPage()));
  }

  return app;
}
