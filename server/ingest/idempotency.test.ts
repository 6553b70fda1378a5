import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app.ts';
import type { Db } from '../storage/db.ts';
import { groupWrite } from '../storage/group-commit.ts';
import {
  claimKey,
  IDEMPOTENCY_KEY_TTL_IN_MS,
  idempotentRequest,
  KEY_TAKEN,
  type KeyClaim,
  sqliteIdempotencyStore,
} from './idempotency.ts';

/** A write as the lead's: the claim first, then `after` (the rest of the write), undone if the claim lost. */
const commitWith =
  (db: Db, after: () => void = () => {}) =>
  (claim: KeyClaim | undefined) =>
    groupWrite(db, (tx) => {
      if (claim && !claimKey(tx, claim)) return KEY_TAKEN;
      after();
      return 'written' as const;
    });

/** Stores a 201 for `key` as if a submission with `body` had been accepted at `at`. */
async function accept(db: Db, key: string, body: string, at: number) {
  const request = await idempotentRequest(sqliteIdempotencyStore(db), 'demo-ebook', key, body, at);
  if (request.outcome !== 'new') throw new Error(`expected a new request, got ${request.outcome}`);
  return request.write(201, { id: key }, commitWith(db));
}

describe('idempotency keys', () => {
  it('replay the stored response for the same bytes, and refuse other bytes', async () => {
    const { db } = testApp();
    const keys = sqliteIdempotencyStore(db);
    const now = Date.now();
    await accept(db, 'k', '{"a":1,"b":2}', now);
    expect(await idempotentRequest(keys, 'demo-ebook', 'k', '{"a":1,"b":2}', now)).toEqual({
      outcome: 'replay',
      statusCode: 201,
      body: { id: 'k' },
    });
    // A retry sends the bytes it sent: the same keys in another order are another body.
    expect(await idempotentRequest(keys, 'demo-ebook', 'k', '{"b":2,"a":1}', now)).toEqual({
      outcome: 'reused',
    });
    expect(await idempotentRequest(keys, 'demo-ebook', 'has space', '{}', now)).toEqual({
      outcome: 'invalid_key',
    });
  });

  it('let one of two racing requests claim a key; the other replays its response, its writes undone', async () => {
    const { db } = testApp();
    const keys = sqliteIdempotencyStore(db);
    const now = Date.now();
    const first = await idempotentRequest(keys, 'demo-ebook', 'race', '{}', now);
    const second = await idempotentRequest(keys, 'demo-ebook', 'race', '{}', now);
    const third = await idempotentRequest(keys, 'demo-ebook', 'race', '{}', now);
    if (first.outcome !== 'new' || second.outcome !== 'new' || third.outcome !== 'new')
      throw new Error('all should probe as new');
    let wroteAfterClaim = false;
    const losing = commitWith(db, () => {
      wroteAfterClaim = true;
    });
    // The first two in one batch (one commit), the third in the next.
    const [won, lost] = await Promise.all([
      first.write(201, { id: 'first' }, commitWith(db)),
      second.write(201, { id: 'second' }, losing),
    ]);
    expect(won).toBe('written');
    const replay = { outcome: 'replay', statusCode: 201, body: { id: 'first' } };
    expect(lost).toEqual(replay);
    expect(await third.write(201, { id: 'third' }, losing)).toEqual(replay);
    expect(wroteAfterClaim).toBe(false);
  });

  it('are forgotten after their TTL, and only then', async () => {
    const { db } = testApp();
    const keys = sqliteIdempotencyStore(db);
    const now = Date.now();
    await accept(db, 'old', '{}', now - IDEMPOTENCY_KEY_TTL_IN_MS - 1);
    await accept(db, 'new', '{}', now - 1000);
    expect(await keys.prune(now)).toBe(1);
    expect((await idempotentRequest(keys, 'demo-ebook', 'old', '{}', now)).outcome).toBe('new');
    expect((await idempotentRequest(keys, 'demo-ebook', 'new', '{}', now)).outcome).toBe('replay');
  });
});
