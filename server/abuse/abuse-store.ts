/**
 * The bot gates' tables: the proof-of-work key, the challenges already spent and the submissions refused,
 * counted per form and day. Knows nothing of HTTP.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { type Db, preparedOnce, type Tx } from '../storage/db.ts';
import { blockedSubmissions, serverSecrets, spentChallenges } from '../storage/schema.ts';

const POW_KEY = 'pow_hmac_key';

/** Why a submission was refused (or quietly dropped): what owners see counted. */
export type BlockReason =
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

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Counts one refused submission. */
export function countBlocked(db: Db | Tx, formId: string, reason: BlockReason, now = Date.now()): void {
  db.insert(blockedSubmissions)
    .values({ formId, day: day(now), reason, count: 1 })
    .onConflictDoUpdate({
      target: [blockedSubmissions.formId, blockedSubmissions.day, blockedSubmissions.reason],
      set: { count: sql`${blockedSubmissions.count} + 1` },
    })
    .run();
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
  /** Counts one refused submission. */
  countBlocked(formId: string, reason: BlockReason, now?: number): Promise<void>;
  /** A form's refused submissions per day and reason since `since` (ms), oldest day first. */
  listBlocked(formId: string, since: number): Promise<{ day: string; reason: string; count: number }[]>;
  /** Forgets spent challenges that have expired anyway; returns how many. */
  pruneSpentChallenges(now?: number): Promise<number>;
}

/** The abuse store over one SQLite connection. */
export function sqliteAbuseStore(db: Db): AbuseStore {
  return {
    proofOfWorkKey: async (now) => proofOfWorkKey(db, now),
    countBlocked: async (formId, reason, now) => countBlocked(db, formId, reason, now),
    listBlocked: async (formId, since) => listBlocked(db, formId, since),
    pruneSpentChallenges: async (now) => pruneSpentChallenges(db, now),
  };
}
