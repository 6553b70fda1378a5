/** Middleware that lets through only requests bearing a valid admin key. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error.ts';

/** The token of `Authorization: Bearer <token>` (RFC 6750 §2.1), or undefined for anything else. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** A 401 in the error shape, with the challenge RFC 6750 §3 asks for. */
export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, {
    headers: { 'www-authenticate': 'Bearer realm="leadgate"' },
  });
}

/**
 * `Authorization: Bearer <key>` checked by `isValidKey`, as scripts send it; or, when the request has no
 * `Authorization` header, a console session accepted by `session` (which enforces CSRF itself). Anything
 * else is a 401.
 */
export function adminAuth({
  isValidKey,
  session,
}: {
  isValidKey: (key: string) => Promise<boolean>;
  session?: (c: Context) => Promise<boolean>;
}) {
  return createMiddleware(async function adminAuth(c, next) {
    const authorization = c.req.header('authorization');
    if (authorization === undefined && session && (await session(c))) return next();
    const key = bearerToken(authorization);
    if (!key || !(await isValidKey(key)))
      throw unauthorized('Send a valid admin key as Authorization: Bearer <key>.');
    await next();
  });
}
