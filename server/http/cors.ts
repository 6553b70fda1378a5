/**
 * CORS for the public API: any origin may call it (each form decides which may submit). Not `hono/cors`:
 * it sets its headers on `c.res` before the handler runs, and that placeholder makes @hono/node-server
 * build a full web Response for every answer and stream it back out; `c.header` only prepares them.
 */
import { createMiddleware } from 'hono/factory';

export type CorsOptions = {
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeInSeconds: number;
};

/** Echoes the request's `Origin`; answers every OPTIONS request as a preflight (Fetch standard, §3.2). */
export function cors({ allowMethods, allowHeaders, exposeHeaders, maxAgeInSeconds }: CorsOptions) {
  const methods = allowMethods.join(',');
  const headers = allowHeaders.join(',');
  const exposed = exposeHeaders.join(',');
  const maxAge = String(maxAgeInSeconds);
  return createMiddleware(async function cors(c, next) {
    const origin = c.req.header('origin');
    if (origin) c.header('access-control-allow-origin', origin);
    c.header('access-control-expose-headers', exposed);
    if (c.req.method === 'OPTIONS') {
      c.header('vary', 'Origin, Access-Control-Request-Headers');
      c.header('access-control-max-age', maxAge);
      c.header('access-control-allow-methods', methods);
      c.header('access-control-allow-headers', headers);
      return c.body(null, 204);
    }
    await next();
    // After the handler, which may set its own Vary (Accept-Language); on the response's own headers, as
    // c.header would copy a finished response into a new one.
    c.res.headers.append('vary', 'Origin');
  });
}
