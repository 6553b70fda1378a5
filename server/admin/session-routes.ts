/**
 * The console's sign-in under `/v1/admin/session`: `POST` with `{key}` opens a session (a cookie),
 * `GET` says whether one is open and gives its CSRF token, `DELETE` signs out. `sessionAuthenticator`
 * lets the admin gate accept that cookie, with the CSRF checks, beside the Bearer key.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import * as v from 'valibot';
import { unauthorized } from '../http/admin-auth.ts';
import { ApiError } from '../http/api-error.ts';
import { checkCsrf, checkOrigin } from '../http/csrf.ts';
import { type JsonBodyEnv, jsonBody } from '../http/json-body.ts';
import { noQuery } from '../http/query.ts';
import { type OriginOptions, ownOrigins } from '../http/request-origin.ts';
import { sessionCookie } from '../http/session-cookie.ts';
import { validate } from '../http/validate.ts';
import type { RateDecision } from '../ingest/rate-limit.ts';
import type { KeyRef } from './admin-keys.ts';
import { SESSION_MAX_IN_MS, type Session, type SessionStore } from './sessions.ts';

/** Sign-in attempts a client address may make a minute: enough for typos, far too few to guess a key. */
export const SIGN_INS_PER_MINUTE = 10;
const MAX_SIGN_IN_BODY_IN_BYTES = 4 * 1024;

export const SignIn = v.strictObject({
  key: v.pipe(v.string('Give the admin key.'), v.minLength(1, 'Give the admin key.'), v.maxLength(512)),
});

export type SessionDeps = OriginOptions & {
  sessions: SessionStore;
  /** The presented key's ref, or undefined when it is not accepted. */
  resolveKey: (key: string) => Promise<KeyRef | undefined>;
  isLiveKey: (ref: KeyRef) => Promise<boolean>;
  /** Counts a sign-in attempt from a client address. */
  takeSignIn: (address: string) => RateDecision;
  clientAddress: (c: Context) => string;
  now?: () => number;
};

const toJson = (s: Session) => ({
  csrfToken: s.csrfToken,
  signedInAt: new Date(s.createdAt).toISOString(),
  expiresAt: new Date(s.expiresAt).toISOString(),
});

/** The session of a request's cookie, or undefined (the stale cookie cleared). */
async function currentSession(
  c: Context,
  deps: SessionDeps,
): Promise<{ token: string; session: Session } | undefined> {
  const cookie = sessionCookie(deps);
  const token = cookie.read(c);
  if (!token) return undefined;
  const session = await deps.sessions.find(token, deps.isLiveKey, (deps.now ?? Date.now)());
  if (!session) {
    cookie.clear(c);
    return undefined;
  }
  return { token, session };
}

/**
 * For the admin gate: true when the request carries a live session cookie (and, unless it only reads,
 * the CSRF token from one of our origins: else a 403); false when it carries none.
 */
export function sessionAuthenticator(deps: SessionDeps) {
  return async function authenticateSession(c: Context): Promise<boolean> {
    const current = await currentSession(c, deps);
    if (!current) return false;
    checkCsrf(c, { csrfToken: current.session.csrfToken, allowed: ownOrigins(c, deps) });
    return true;
  };
}

/** `POST`, `GET` and `DELETE /v1/admin/session`. */
export function sessionRoutes(deps: SessionDeps) {
  const app = new Hono<JsonBodyEnv>();
  const cookie = sessionCookie(deps);

  app.post('/', noQuery, jsonBody({ maxSizeInBytes: MAX_SIGN_IN_BODY_IN_BYTES }), async (c) => {
    // A page of another site must not sign a browser in (login CSRF); scripts use the Bearer key instead.
    checkOrigin(c, ownOrigins(c, deps));
    const rate = deps.takeSignIn(deps.clientAddress(c));
    if (!rate.allowed) {
      throw new ApiError(429, 'rate_limited', 'Too many sign-in attempts: wait a minute and try again.', {
        headers: { 'retry-after': String(rate.retryAfterSeconds) },
      });
    }
    const { key } = validate(SignIn, c.get('body'));
    const ref = await deps.resolveKey(key);
    if (ref === undefined) throw unauthorized('This admin key is not accepted.');
    const { token, session } = await deps.sessions.create(ref, (deps.now ?? Date.now)());
    cookie.set(c, token, SESSION_MAX_IN_MS / 1000);
    c.header('cache-control', 'no-store');
    return c.json(toJson(session), 201);
  });

  app.get('/', noQuery, async (c) => {
    const current = await currentSession(c, deps);
    if (!current) throw unauthorized('Not signed in.');
    c.header('cache-control', 'no-store');
    return c.json(toJson(current.session));
  });

  app.delete('/', noQuery, async (c) => {
    const current = await currentSession(c, deps);
    if (current) {
      checkCsrf(c, { csrfToken: current.session.csrfToken, allowed: ownOrigins(c, deps) });
      await deps.sessions.delete(current.token);
    }
    cookie.clear(c);
    return c.body(null, 204);
  });

  return app;
}
