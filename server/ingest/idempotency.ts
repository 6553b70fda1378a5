/**
 * Idempotent submissions, after draft-ietf-httpapi-idempotency-key-header: a key replays the stored
 * response; the same key with a different body is a 422. Validation failures are not stored, so a client
 * can correct its answers and retry with the same key. This file is the whole protocol: the key's check,
 * the body's hash, the probe, and the claim under the write lock with the response stored.
 */
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import { type Db, preparedOnce, type Tx } from '../storage/db.ts';
import { groupWrite } from '../storage/group-commit.ts';
import { idempotencyKeys } from '../storage/schema.ts';

/** Keys are opaque to us; bound them so they cannot be used to bloat the table. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** How long a key is remembered: a retry later than this is a new submission. */
export const IDEMPOTENCY_KEY_TTL_IN_MS = 7 * 24 * 60 * 60 * 1000;

/** What a key already used says: the same body gets its response again, another body is refused. */
export type Replay = { outcome: 'replay'; statusCode: number; body: unknown } | { outcome: 'reused' };

/**
 * Writes a request's effects in a `BEGIN IMMEDIATE` transaction shared with the writes arriving alongside
 * (group commit), and resolves once it is committed. `remember` claims the key with the response it will
 * replay: call it first, so a concurrent retry that lost the claim writes nothing else. To refuse after
 * claiming, throw: the claim is undone with the rest of this write, and only this write.
 */
export type IdempotentWrite = <T>(
  fn: (tx: Tx, remember: (statusCode: number, body: unknown) => void) => T,
) => Promise<T | Replay>;

/** A request with its key looked at: refused, answered from the store, or new and to be written. */
export type IdempotentRequest =
  | { outcome: 'invalid_key' }
  | Replay
  | { outcome: 'new'; write: IdempotentWrite };

// Every submission with a key runs these: better-sqlite3 statements prepared once per connection.
const statements = preparedOnce(({ $client: sqlite }) => ({
  find: sqlite.prepare<
    [formId: string, key: string],
    { request_hash: string; status_code: number; response_body: string }
  >('SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE form_id = ? AND key = ?'),
  // The claim: the primary key (form, key) lets one request in; a loser changes nothing.
  claim: sqlite.prepare<
    [formId: string, key: string, requestHash: string, statusCode: number, body: string, createdAt: number]
  >(
    'INSERT INTO idempotency_keys (form_id, key, request_hash, status_code, response_body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ),
}));

// Thrown inside the transaction to roll it back when another request claimed the key first.
class KeyTaken extends Error {}

/**
 * Looks at a request's `Idempotency-Key` (undefined: none sent) once: a key used before answers from
 * the store, before anything else is checked, so a retry is replayed even if the form changed since. The
 * hash is of the body's bytes as sent: a retry sends the same bytes, so key order is part of "the same body".
 */
export function idempotentRequest(
  db: Db,
  formId: string,
  key: string | undefined,
  body: string,
  now: number,
): IdempotentRequest {
  if (key === undefined) {
    return { outcome: 'new', write: (fn) => groupWrite(db, (tx) => fn(tx, () => {})) };
  }
  if (!IDEMPOTENCY_KEY.test(key)) return { outcome: 'invalid_key' };
  const requestHash = createHash('sha256').update(body).digest('hex');
  const stored = find(db, formId, key, requestHash);
  if (stored) return stored;
  const write: IdempotentWrite = async (fn) => {
    try {
      return await groupWrite(db, (tx) =>
        fn(tx, (statusCode, response) => {
          const responseBody = JSON.stringify(response);
          const claim = statements(tx).claim.run(formId, key, requestHash, statusCode, responseBody, now);
          if (claim.changes === 0) throw new KeyTaken();
        }),
      );
    } catch (err) {
      // Another request with this key committed between the probe and our write lock, or came before us in
      // our batch (SQLite has one writer, so the claim decides): what we wrote was undone, and its response
      // is the answer.
      const raced = err instanceof KeyTaken ? find(db, formId, key, requestHash) : undefined;
      if (raced) return raced;
      throw err;
    }
  };
  return { outcome: 'new', write };
}

function find(db: Db, formId: string, key: string, requestHash: string): Replay | undefined {
  const row = statements(db).find.get(formId, key);
  if (!row) return undefined;
  if (row.request_hash !== requestHash) return { outcome: 'reused' };
  return { outcome: 'replay', statusCode: row.status_code, body: JSON.parse(row.response_body) };
}

/** Forgets keys older than the TTL; returns how many. */
export function pruneIdempotencyKeys(db: Db, now = Date.now()): number {
  return db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_KEY_TTL_IN_MS))
    .run().changes;
}
