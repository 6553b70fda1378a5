/** Middleware that lets through only requests bearing a valid admin key. */
import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error.ts';

/** `Authorization: Bearer <key>` (RFC 6750 §2.1) checked by `isValidKey`; anything else is a 401. */
export function adminAuth({ isValidKey }: { isValidKey: (key: string) => boolean }) {
  return createMiddleware(async function adminAuth(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1] || !isValidKey(match[1])) {
      throw new ApiError(401, 'unauthorized', 'Send a valid admin key as Authorization: Bearer <key>.', {
        headers: { 'www-authenticate': 'Bearer realm="leadgate"' },
      });
    }
    await next();
  });
}
