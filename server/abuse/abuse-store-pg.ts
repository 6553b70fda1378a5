/** The bot gates' tables on PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { PgDb } from '../storage/pg/db.ts';
import { blockedSubmissions, serverSecrets, spentChallenges } from '../storage/pg/schema.ts';
import type { AbuseStore } from './abuse-store.ts';

const POW_KEY = 'pow_hmac_key';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Spends a proof of work, in the lead's transaction: answers one row, or none when it was spent already. */
export function spendQuery(tx: postgres.TransactionSql, spend: { signature: string; expiresAt: number }) {
  return tx`INSERT INTO spent_challenges (signature, expires_at) VALUES (${spend.signature}, ${spend.expiresAt})
            ON CONFLICT DO NOTHING RETURNING 1`;
}

export function pgAbuseStore(db: PgDb): AbuseStore {
  return {
    async proofOfWorkKey(now = Date.now()) {
      // Insert-first: every instance ends up with the one key the first of them stored.
      await db
        .insert(serverSecrets)
        .values({ name: POW_KEY, value: randomBytes(32).toString('base64url'), createdAt: now })
        .onConflictDoNothing();
      const [row] = await db.select().from(serverSecrets).where(eq(serverSecrets.name, POW_KEY));
      return row?.value as string;
    },
    async countBlocked(formId, reason, now = Date.now()) {
      await db
        .insert(blockedSubmissions)
        .values({ formId, day: day(now), reason, count: 1 })
        .onConflictDoUpdate({
          target: [blockedSubmissions.formId, blockedSubmissions.day, blockedSubmissions.reason],
          set: { count: sql`${blockedSubmissions.count} + 1` },
        });
    },
    async listBlocked(formId, since) {
      return db
        .select({
          day: blockedSubmissions.day,
          reason: blockedSubmissions.reason,
          count: blockedSubmissions.count,
        })
        .from(blockedSubmissions)
        .where(and(eq(blockedSubmissions.formId, formId), gte(blockedSubmissions.day, day(since))))
        .orderBy(asc(blockedSubmissions.day), asc(blockedSubmissions.reason));
    },
    async refusedByDay(range) {
      return db
        .select({
          day: blockedSubmissions.day,
          reason: blockedSubmissions.reason,
          count: sql<number>`sum(${blockedSubmissions.count})`.mapWith(Number),
        })
        .from(blockedSubmissions)
        .where(
          and(
            range.formId === undefined ? undefined : eq(blockedSubmissions.formId, range.formId),
            gte(blockedSubmissions.day, range.since),
            lte(blockedSubmissions.day, range.until),
          ),
        )
        .groupBy(blockedSubmissions.day, blockedSubmissions.reason)
        .orderBy(asc(blockedSubmissions.day), asc(blockedSubmissions.reason));
    },
    // Each refusal is one upsert here: nothing waits in memory.
    async close() {},
    async pruneSpentChallenges(now = Date.now()) {
      const gone = await db
        .delete(spentChallenges)
        .where(lt(spentChallenges.expiresAt, now))
        .returning({ s: spentChallenges.signature });
      return gone.length;
    },
  };
}
