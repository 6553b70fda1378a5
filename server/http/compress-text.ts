/**
 * JSON and HTML responses gzipped for clients that accept it: the public form is ~3.3 KB, ~1.3 KB gzipped;
 * the API reference at /docs ~720 KB, ~39 KB gzipped.
 */
import { gzipSync } from 'node:zlib';
import { createMiddleware } from 'hono/factory';

// Below this, gzip's header and the work cost more than the bytes saved.
const MIN_SIZE_IN_BYTES = 1024;
const TEXT_TYPE = /^(?:application\/(?:[\w.+-]+\+)?json|text\/html)\b/i;

/**
 * Gzips a JSON or HTML response of at least 1 KB when the request accepts gzip (RFC 9110 §12.5.3). Only
 * those: exports stream in other types and must not be buffered; the widget bundle comes precompressed.
 */
export const compressText = createMiddleware(async function compressText(c, next) {
  await next();
  const res = c.res;
  if (!TEXT_TYPE.test(res.headers.get('content-type') ?? '') || res.headers.has('content-encoding')) return;
  c.header('vary', 'Accept-Encoding', { append: true });
  if (!/\bgzip\b/i.test(c.req.header('accept-encoding') ?? '') || !res.body) return;
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length < MIN_SIZE_IN_BYTES) {
    c.res = new Response(body, res);
    return;
  }
  c.res = new Response(new Uint8Array(gzipSync(body)), res);
  c.res.headers.set('content-encoding', 'gzip');
  c.res.headers.delete('content-length');
});
