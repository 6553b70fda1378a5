/**
 * The bot gates' tables: the proof-of-work key, the challenges already spent and the submissions refused,
 * counted per form and day (in memory, written about once a second: storage/counter-batch.ts). Knows
 * nothing of HTTP.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { utcDay as day } from '../days.ts';
import { counterBatch } from '../storage/counter-batch.ts';
import { type Db, preparedOnce, type Tx, writeTx } from '../storage/db.ts';
import { blockedSubmissions, serverSecrets, spentChallenges } from '../storage/schema.ts';

const POW_KEY = 'pow_hmac_key';

/** Why a submission was refused (or quietly dropped): what owners see counted. */
export type BlockReason =
  | 'origin_not_allowed'
  | 'rate_limited'
  | 'validation'
  | 'honeypot'
  | 'too_fast'
  | 'no_proof'
  | 'bad_proof'
  | 'expired_proof'
  | 'spent_proof'
  | 'other_form';

/** The installation's proof-of-work HMAC key, made on first use and kept, so challenges outlive restarts. */
export function proofOfWorkKey(db: Db, now = Date.now()): string {
  db.insert(serverSecrets)
    .values({ name: POW_KEY, value: randomBytes(32).toString('base64url'), createdAt: now })
    .onConflictDoNothing()
    .run();
  return db.select().from(serverSecrets).where(eq(serverSecrets.name, POW_KEY)).all()[0]?.value as string;
}

const spend = preparedOnce((conn) =>
  conn
    .insert(spentChallenges)
    .values({ signature: sql.placeholder('signature'), expiresAt: sql.placeholder('expiresAt') })
    .onConflictDoNothing()
    .prepare(),
);

/** Marks a challenge used, in the lead's transaction; false when it already was. */
export function spendChallenge(tx: Tx, signature: string, expiresAt: number): boolean {
  return spend(tx).run({ signature, expiresAt }).changes === 1;
}

/** Forgets spent challenges that have expired anyway; returns how many. */
export function pruneSpentChallenges(db: Db, now = Date.now()): number {
  return db.delete(spentChallenges).where(lt(spentChallenges.expiresAt, now)).run().changes;
}

/** Adds `n` refused submissions of a form, day and reason. */
function addBlocked(tx: Tx, [formId, day, reason]: [string, string, BlockReason], n: number): void {
  tx.insert(blockedSubmissions)
    .values({ formId, day, reason, count: n })
    .onConflictDoUpdate({
      target: [blockedSubmissions.formId, blockedSubmissions.day, blockedSubmissions.reason],
      set: { count: sql`${blockedSubmissions.count} + ${n}` },
    })
    .run();
}

/** Refused submissions per day and reason, of one form or all, from day `since` to `until` included. */
export function refusedByDay(db: Db, range: { formId?: string | undefined; since: string; until: string }) {
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
    .orderBy(asc(blockedSubmissions.day), asc(blockedSubmissions.reason))
    .all();
}

/** A form's refused submissions per day and reason since `since` (ms), oldest day first. */
export function listBlocked(db: Db, formId: string, since: number) {
  return db
    .select({
      day: blockedSubmissions.day,
      reason: blockedSubmissions.reason,
      count: blockedSubmissions.count,
    })
    .from(blockedSubmissions)
    .where(and(eq(blockedSubmissions.formId, formId), gte(blockedSubmissions.day, day(since))))
    .orderBy(asc(blockedSubmissions.day), asc(blockedSubmissions.reason))
    .all();
}

/** The bot gates' store, as the rest of the server sees it. */
export interface AbuseStore {
  /** The installation's proof-of-work HMAC key, made on first use and kept. */
  proofOfWorkKey(now?: number): Promise<string>;
  /** Counts one refused submission; written within about a second. */
  countBlocked(formId: string, reason: BlockReason, now?: number): Promise<void>;
  /** A form's refused submissions per day and reason since `since` (ms), oldest day first. */
  listBlocked(formId: string, since: number): Promise<{ day: string; reason: string; count: number }[]>;
  /** Refused submissions per day and reason, of one form or all, from day `since` to `until` included. */
  refusedByDay(range: {
    formId?: string | undefined;
    since: string;
    until: string;
  }): Promise<{ day: string; reason: string; count: number }[]>;
  /** Forgets spent challenges that have expired anyway; returns how many. */
  pruneSpentChallenges(now?: number): Promise<number>;
  /** Writes the counts still in memory, then counts nothing more: before the database closes. */
  close(): Promise<void>;
}

/** The abuse store over one SQLite connection. */
export function sqliteAbuseStore(db: Db, onError?: (err: unknown) => void): AbuseStore {
  // A refusal (a 429 above all) must cost less than the request it refuses: no fsync each.
  const blocked = counterBatch<[string, string, BlockReason]>(
    (counts) =>
      writeTx(db, (tx) => {
        for (const [key, n] of counts) addBlocked(tx, key, n);
      }),
    onError ? { onError } : {},
  );
  return {
    proofOfWorkKey: async (now) => proofOfWorkKey(db, now),
    countBlocked: async (formId, reason, now = Date.now()) => blocked.add([formId, day(now), reason]),
    listBlocked: async (formId, since) => {
      await blocked.flush();
      return listBlocked(db, formId, since);
    },
    refusedByDay: async (range) => {
      await blocked.flush();
      return refusedByDay(db, range);
    },
    pruneSpentChallenges: async (now) => pruneSpentChallenges(db, now),
    close: async () => blocked.close(),
  };
}
