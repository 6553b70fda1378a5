/**
 * `GET /admin` and every `/admin/*` path: the console's one page (the app routes in the browser), never
 * cached, under the strict page policy; `/admin/assets/*`: its hashed files, cached for a year.
 */
import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import { pageHeaders } from '../http/security-headers.ts';
import type { ConsoleAssets } from './console-assets.ts';

// The names carry a hash of the content (Vite), so a name is never reused for other bytes.
const ASSET_MAX_AGE_IN_SECONDS = 365 * 24 * 60 * 60;

/** The console's routes; `assets` undefined (not built) answers a 503 that says how to build it. */
export function consoleRoutes({
  assets,
  publicUrl,
}: {
  assets: ConsoleAssets | undefined;
  publicUrl: () => string;
}) {
  const app = new Hono();
  const notBuilt = () =>
    new ApiError(503, 'console_not_built', 'The console is not built; run `npm run build`.');

  app.get('/assets/:name', (c) => {
    const asset = assets?.assets.get(c.req.param('name'));
    if (!asset) throw new ApiError(404, 'not_found', 'There is nothing at this address.');
    c.header('content-type', asset.type);
    c.header('cache-control', `public, max-age=${ASSET_MAX_AGE_IN_SECONDS}, immutable`);
    c.header('vary', 'Accept-Encoding');
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

  // Any other path is one of the app's own pages (it routes in the browser); any query string is its
  // state (the inbox's filters), read by the app.
  app.use('*', pageHeaders({ publicUrl, styleSources: [] }));
  app.get('*', (c) => {
    if (!assets) throw notBuilt();
    // The page names the current assets: a cached copy would load an old build's files.
    c.header('cache-control', 'no-store');
    return c.html(assets.page.toString('utf8'));
  });

  return app;
}
