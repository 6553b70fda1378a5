/**
 * Console sessions, stored server-side: the cookie carries a random token, the table only its SHA-256.
 * A session ends when idle for SESSION_IDLE_IN_MS, at SESSION_MAX_IN_MS whatever its use, at sign-out,
 * or when the key it was opened with stops being accepted. Knows nothing of HTTP.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Db } from '../storage/db.ts';
import { adminSessions } from '../storage/schema.ts';
import type { KeyRef } from './admin-keys.ts';

/** A session unused this long ends. */
export const SESSION_IDLE_IN_MS = 8 * 60 * 60 * 1000;
/** A session ends this long after sign-in, however busy. */
export const SESSION_MAX_IN_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often: not one write per request. */
export const TOUCH_EVERY_IN_MS = 60 * 1000;
const TOKEN_BYTES = 32;

/** A live session as a request sees it. */
export type Session = {
  keyRef: KeyRef;
  createdAt: number;
  /** When it ends if unused: the idle limit, or the absolute one if sooner. */
  expiresAt: number;
  /** The token state-changing requests must echo (`X-CSRF-Token`); derived from the cookie's token. */
  csrfToken: string;
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The CSRF token of a session: a hash of its cookie token under another label. A page of this origin
 * reads it from the API; another site can neither read the cookie nor the API's answers (no CORS here).
 */
const csrfTokenOf = (token: string) =>
  createHash('sha256').update(`leadgate-csrf:${token}`).digest('base64url');

export function toSession(
  token: string,
  row: { keyRef: string; createdAt: number; lastSeenAt: number; expiresAt: number },
): Session {
  return {
    keyRef: row.keyRef,
    createdAt: row.createdAt,
    expiresAt: Math.min(row.expiresAt, row.lastSeenAt + SESSION_IDLE_IN_MS),
    csrfToken: csrfTokenOf(token),
  };
}

/** Opens a session for `keyRef`; returns the cookie's token (shown once, never stored) and the session. */
function createSession(db: Db, keyRef: KeyRef, now: number): { token: string; session: Session } {
  // Sign-ins are rare: a good moment to drop the sessions that have ended.
  db.delete(adminSessions)
    .where(or(lt(adminSessions.expiresAt, now), lt(adminSessions.lastSeenAt, now - SESSION_IDLE_IN_MS)))
    .run();
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const row = { keyRef, createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_MAX_IN_MS };
  db.insert(adminSessions)
    .values({ tokenHash: sha256(token), ...row })
    .run();
  return { token, session: toSession(token, row) };
}

/**
 * The live session of `token`, its idle clock restarted; undefined (and the row deleted) once it has
 * ended or its key is no longer accepted (`isLiveKey`).
 */
async function findSession(
  db: Db,
  token: string,
  isLiveKey: (ref: KeyRef) => Promise<boolean>,
  now: number,
): Promise<Session | undefined> {
  const tokenHash = sha256(token);
  const row = db.select().from(adminSessions).where(eq(adminSessions.tokenHash, tokenHash)).all()[0];
  if (!row) return undefined;
  const session = toSession(token, row);
  if (session.expiresAt <= now || !(await isLiveKey(row.keyRef))) {
    db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash)).run();
    return undefined;
  }
  if (now - row.lastSeenAt < TOUCH_EVERY_IN_MS) return session;
  db.update(adminSessions).set({ lastSeenAt: now }).where(eq(adminSessions.tokenHash, tokenHash)).run();
  return toSession(token, { ...row, lastSeenAt: now });
}

/** Ends the session of `token` (sign-out); false when there was none. */
function deleteSession(db: Db, token: string): boolean {
  return (
    db
      .delete(adminSessions)
      .where(eq(adminSessions.tokenHash, sha256(token)))
      .run().changes > 0
  );
}

/** Console sessions, as the rest of the server sees them. */
export interface SessionStore {
  /** Opens a session for `keyRef`; returns the cookie's token (given once, never stored) and the session. */
  create(keyRef: KeyRef, now?: number): Promise<{ token: string; session: Session }>;
  /**
   * The live session of `token`, its idle clock restarted; undefined (and the row deleted) once it has
   * ended or its key is no longer accepted (`isLiveKey`).
   */
  find(
    token: string,
    isLiveKey: (ref: KeyRef) => Promise<boolean>,
    now?: number,
  ): Promise<Session | undefined>;
  /** Ends the session of `token` (sign-out); false when there was none. */
  delete(token: string): Promise<boolean>;
  /** Ends every session opened with the key `keyRef` (it was revoked); returns how many. */
  endForKey(keyRef: KeyRef): Promise<number>;
}

/** The sessions over one SQLite connection. */
export function sqliteSessionStore(db: Db): SessionStore {
  return {
    create: async (keyRef, now = Date.now()) => createSession(db, keyRef, now),
    find: (token, isLiveKey, now = Date.now()) => findSession(db, token, isLiveKey, now),
    delete: async (token) => deleteSession(db, token),
    endForKey: async (keyRef) =>
      db.delete(adminSessions).where(eq(adminSessions.keyRef, keyRef)).run().changes,
  };
}
