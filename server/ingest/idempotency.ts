/**
 * Idempotent submissions, after draft-ietf-httpapi-idempotency-key-header: a key replays the stored
 * response; the same key with a different body is a 422. Validation failures are not stored, so a client
 * can correct its answers and retry with the same key. This file is the whole protocol: the key's check,
 * the body's hash, the probe, and the claim under the write lock with the response stored.
 */
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import { type Db, preparedOnce, type Tx } from '../storage/db.ts';
import { idempotencyKeys } from '../storage/schema.ts';

/** Keys are opaque to us; bound them so they cannot be used to bloat the table. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** How long a key is remembered: a retry later than this is a new submission. */
export const IDEMPOTENCY_KEY_TTL_IN_MS = 7 * 24 * 60 * 60 * 1000;

/** What a key already used says: the same body gets its response again, another body is refused. */
export type Replay = { outcome: 'replay'; statusCode: number; body: unknown } | { outcome: 'reused' };

/** A key claimed with the response it will replay: written in the request's own transaction. */
export type KeyClaim = {
  formId: string;
  key: string;
  requestHash: string;
  statusCode: number;
  responseBody: string;
  createdAt: number;
};

/** What a request's write says when another request with its key was committed first. */
export const KEY_TAKEN = Symbol('key taken');

/**
 * Writes a request's effects, answering `statusCode` and `body`: `commit` gets the key's claim (undefined
 * when no key was sent) to write with them in one transaction, and returns `KEY_TAKEN` when the claim lost
 * (another request with the key committed first), after undoing its own writes: the winner's response is
 * then the answer.
 */
export type IdempotentWrite = <T>(
  statusCode: number,
  body: unknown,
  commit: (claim: KeyClaim | undefined) => Promise<T | typeof KEY_TAKEN>,
) => Promise<T | Replay>;

/** A request with its key looked at: refused, answered from the store, or new and to be written. */
export type IdempotentRequest =
  | { outcome: 'invalid_key' }
  | Replay
  | { outcome: 'new'; write: IdempotentWrite };

/** A stored key, as the protocol reads it. */
export type StoredKey = { requestHash: string; statusCode: number; responseBody: string };

/** The idempotency keys, as the rest of the server sees them (the claim is written by the request's write). */
export interface IdempotencyStore {
  find(formId: string, key: string): Promise<StoredKey | undefined>;
  /** Forgets keys older than the TTL; returns how many. */
  prune(now?: number): Promise<number>;
}

/**
 * Looks at a request's `Idempotency-Key` (undefined: none sent) once: a key used before answers from
 * the store, before anything else is checked, so a retry is replayed even if the form changed since. The
 * hash is of the body's bytes as sent: a retry sends the same bytes, so key order is part of "the same body".
 */
export async function idempotentRequest(
  keys: IdempotencyStore,
  formId: string,
  key: string | undefined,
  body: string,
  now: number,
): Promise<IdempotentRequest> {
  if (key === undefined) {
    return { outcome: 'new', write: async (_status, _body, commit) => settle(await commit(undefined)) };
  }
  if (!IDEMPOTENCY_KEY.test(key)) return { outcome: 'invalid_key' };
  const requestHash = createHash('sha256').update(body).digest('hex');
  const stored = await find(keys, formId, key, requestHash);
  if (stored) return stored;
  const write: IdempotentWrite = async (statusCode, response, commit) => {
    const claim = {
      formId,
      key,
      requestHash,
      statusCode,
      responseBody: JSON.stringify(response),
      createdAt: now,
    };
    const written = await commit(claim);
    if (written !== KEY_TAKEN) return written;
    // Another request with this key committed between the probe and our write, or came before us in our
    // batch: what we wrote was undone, and its response is the answer.
    const raced = await find(keys, formId, key, requestHash);
    if (!raced) throw new Error('An Idempotency-Key was taken, and then not found.');
    return raced;
  };
  return { outcome: 'new', write };
}

function settle<T>(written: T | typeof KEY_TAKEN): T {
  if (written === KEY_TAKEN) throw new Error('A key was taken where none was claimed.');
  return written;
}

async function find(
  keys: IdempotencyStore,
  formId: string,
  key: string,
  requestHash: string,
): Promise<Replay | undefined> {
  const row = await keys.find(formId, key);
  if (!row) return undefined;
  if (row.requestHash !== requestHash) return { outcome: 'reused' };
  return { outcome: 'replay', statusCode: row.statusCode, body: JSON.parse(row.responseBody) };
}

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

/** Writes `claim` in the caller's transaction; false when the key is taken (then nothing was written). */
export function claimKey(tx: Tx, claim: KeyClaim): boolean {
  const { formId, key, requestHash, statusCode, responseBody, createdAt } = claim;
  return (
    statements(tx).claim.run(formId, key, requestHash, statusCode, responseBody, createdAt).changes === 1
  );
}

/** The idempotency keys over one SQLite connection. */
export function sqliteIdempotencyStore(db: Db): IdempotencyStore {
  return {
    find: async (formId, key) => {
      const row = statements(db).find.get(formId, key);
      return (
        row && { requestHash: row.request_hash, statusCode: row.status_code, responseBody: row.response_body }
      );
    },
    prune: async (now = Date.now()) =>
      db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_KEY_TTL_IN_MS))
        .run().changes,
  };
}
