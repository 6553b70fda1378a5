/**
 * The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Path=/, and Secure with the `__Host-` prefix when the browser reached us over HTTPS (the
 * prefix pins it to this host and path: RFC 6265bis §4.1.3.2).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isHttps, type OriginOptions } from './request-origin.ts';

const NAME = 'lg_session';

/** Reads, sets and clears the session cookie of a request. */
export function sessionCookie(options: OriginOptions) {
  const attributes = (c: Context) =>
    isHttps(c, options)
      ? ({ prefix: 'host', secure: true, path: '/', httpOnly: true, sameSite: 'Strict' } as const)
      : ({ path: '/', httpOnly: true, sameSite: 'Strict' } as const);
  return {
    /** The token the browser sent, if any. */
    read(c: Context): string | undefined {
      return isHttps(c, options) ? getCookie(c, NAME, 'host') : getCookie(c, NAME);
    },
    /** Sets the cookie to `token`, kept by the browser for `maxAgeInSeconds` at most. */
    set(c: Context, token: string, maxAgeInSeconds: number): void {
      setCookie(c, NAME, token, { ...attributes(c), maxAge: maxAgeInSeconds });
    },
    /** Tells the browser to forget it. */
    clear(c: Context): void {
      const a = attributes(c);
      // deleteCookie takes no prefix option: name the __Host- cookie in full.
      deleteCookie(c, a.secure ? `__Host-${NAME}` : NAME, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        ...(a.secure ? { secure: true } : {}),
      });
    },
  };
}
