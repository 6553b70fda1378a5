/** The bot gates' tables on PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { counterBatch } from '../storage/counter-batch.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { blockedSubmissions, serverSecrets, spentChallenges } from '../storage/pg/schema.ts';
import type { AbuseStore } from './abuse-store.ts';

const POW_KEY = 'pow_hmac_key';

import { utcDay as day } from '../days.ts';

/** Spends a proof of work, in the lead's statement: answers one row, or none when it was spent already. */
export function spendQuery(sql: postgres.Sql, spend: { signature: string; expiresAt: number }) {
  return sql`INSERT INTO spent_challenges (signature, expires_at) VALUES (${spend.signature}, ${spend.expiresAt})
            ON CONFLICT DO NOTHING RETURNING 1`;
}

export function pgAbuseStore(db: PgDb, onError?: (err: unknown) => void): AbuseStore {
  // A refusal (a 429 above all) must cost less than the request it refuses: counted in memory, written
  // about once a second, in one order on every instance.
  const blocked = counterBatch<[string, string, string]>(
    (counts) =>
      db.transaction(async (tx) => {
        for (const [[formId, on, reason], n] of counts.sort(([a], [b]) => (a.join() < b.join() ? -1 : 1))) {
          await tx
            .insert(blockedSubmissions)
            .values({ formId, day: on, reason, count: n })
            .onConflictDoUpdate({
              target: [blockedSubmissions.formId, blockedSubmissions.day, blockedSubmissions.reason],
              set: { count: sql`${blockedSubmissions.count} + ${n}` },
            });
        }
      }),
    onError ? { onError } : {},
  );
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
    countBlocked: async (formId, reason, now = Date.now()) => blocked.add([formId, day(now), reason]),
    async listBlocked(formId, since) {
      await blocked.flush();
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
      await blocked.flush();
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
    close: () => blocked.close(),
    async pruneSpentChallenges(now = Date.now()) {
      const gone = await db
        .delete(spentChallenges)
        .where(lt(spentChallenges.expiresAt, now))
        .returning({ s: spentChallenges.signature });
      return gone.length;
    },
  };
}
