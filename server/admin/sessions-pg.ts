/** Console sessions on PostgreSQL: the same rules as sessions.ts. */
import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { PgDb } from '../storage/pg/db.ts';
import { adminSessions } from '../storage/pg/schema.ts';
import {
  SESSION_IDLE_IN_MS,
  SESSION_MAX_IN_MS,
  type SessionStore,
  TOUCH_EVERY_IN_MS,
  toSession,
} from './sessions.ts';

const TOKEN_BYTES = 32;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function pgSessionStore(db: PgDb): SessionStore {
  return {
    async create(keyRef, now = Date.now()) {
      await db
        .delete(adminSessions)
        .where(or(lt(adminSessions.expiresAt, now), lt(adminSessions.lastSeenAt, now - SESSION_IDLE_IN_MS)));
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const row = { keyRef, createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_MAX_IN_MS };
      await db.insert(adminSessions).values({ tokenHash: sha256(token), ...row });
      return { token, session: toSession(token, row) };
    },
    async find(token, isLiveKey, now = Date.now()) {
      const tokenHash = sha256(token);
      const [row] = await db.select().from(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
      if (!row) return undefined;
      const session = toSession(token, row);
      if (session.expiresAt <= now || !(await isLiveKey(row.keyRef))) {
        await db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
        return undefined;
      }
      if (now - row.lastSeenAt < TOUCH_EVERY_IN_MS) return session;
      await db.update(adminSessions).set({ lastSeenAt: now }).where(eq(adminSessions.tokenHash, tokenHash));
      return toSession(token, { ...row, lastSeenAt: now });
    },
    async delete(token) {
      const gone = await db
        .delete(adminSessions)
        .where(eq(adminSessions.tokenHash, sha256(token)))
        .returning({ t: adminSessions.tokenHash });
      return gone.length > 0;
    },
    async endForKey(keyRef) {
      const gone = await db
        .delete(adminSessions)
        .where(eq(adminSessions.keyRef, keyRef))
        .returning({ t: adminSessions.tokenHash });
      return gone.length;
    },
  };
}
