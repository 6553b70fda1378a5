/**
 * CSRF defence for cookie-authenticated requests, two checks deep (OWASP CSRF Prevention Cheat Sheet):
 * a state-changing request must echo the session's token in `X-CSRF-Token` (a header another site's
 * page cannot set without a CORS preflight we never grant), and come from one of our own origins.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ApiError } from './api-error.ts';

export const CSRF_HEADER = 'x-csrf-token';

// RFC 9110 §9.2.1: these change nothing, so they need no token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const refused = (message: string) => new ApiError(403, 'csrf_failed', message);

/** Whether `origin` is one of `allowed`; a request with no `Origin` passes only if the browser says same-origin. */
export function checkOrigin(c: Context, allowed: string[]): void {
  const origin = c.req.header('origin');
  if (origin === undefined) {
    // Browsers send Origin on every POST, PUT, PATCH and DELETE; Sec-Fetch-Site covers the rest.
    if (c.req.header('sec-fetch-site') === 'same-origin') return;
    throw refused('Send this request from a page of this server (no Origin header came with it).');
  }
  if (!allowed.includes(origin)) throw refused(`Requests from ${origin} are not accepted with a session.`);
}

/** Throws a 403 unless a state-changing request carries `csrfToken` and comes from one of `allowed`. */
export function checkCsrf(c: Context, { csrfToken, allowed }: { csrfToken: string; allowed: string[] }) {
  if (SAFE_METHODS.has(c.req.method)) return;
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw refused('Send the session’s CSRF token as X-CSRF-Token (GET /v1/admin/session gives it).');
  }
  checkOrigin(c, allowed);
}
