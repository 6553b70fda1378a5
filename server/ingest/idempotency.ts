/**
 * Idempotent submissions, after draft-ietf-httpapi-idempotency-key-header: a key replays the stored
 * response; the same key with a different body is a 422. Validation failures are not stored, so a client
 * can correct its answers and retry with the same key.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db, Tx } from '../storage/db.ts';
import { idempotencyKeys } from '../storage/schema.ts';

/** Keys are opaque to us; bound them so they cannot be used to bloat the table. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export type StoredResponse = { statusCode: number; body: unknown; requestHash: string };

/** A stable hash of the request body, to tell a true retry from a reused key. */
export function hashRequest(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The response stored for this key, if any. */
export function findResponse(db: Db | Tx, formId: string, key: string): StoredResponse | undefined {
  const row = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.formId, formId), eq(idempotencyKeys.key, key)))
    .all()[0];
  if (!row) return undefined;
  return { statusCode: row.statusCode, body: JSON.parse(row.responseBody), requestHash: row.requestHash };
}

/** Records the response for this key, in the caller's transaction. */
export function storeResponse(
  tx: Tx,
  formId: string,
  key: string,
  response: StoredResponse,
  now: number,
): void {
  tx.insert(idempotencyKeys)
    .values({
      formId,
      key,
      requestHash: response.requestHash,
      statusCode: response.statusCode,
      responseBody: JSON.stringify(response.body),
      createdAt: now,
    })
    .run();
}

// Key order must not make two equal bodies look different.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** How long a key is remembered: a retry later than this is a new submission. */
export const IDEMPOTENCY_KEY_TTL_IN_MS = 7 * 24 * 60 * 60 * 1000;

/** Forgets keys older than the TTL; returns how many. */
export function pruneIdempotencyKeys(db: Db, now = Date.now()): number {
  return db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_KEY_TTL_IN_MS))
    .run().changes;
}
