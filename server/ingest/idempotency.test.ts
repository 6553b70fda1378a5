import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app.ts';
import { IDEMPOTENCY_KEY_TTL_IN_MS, idempotentRequest, pruneIdempotencyKeys } from './idempotency.ts';

/** Stores a 201 for `key` as if a submission with `body` had been accepted at `at`. */
function accept(db: ReturnType<typeof testApp>['db'], key: string, body: string, at: number) {
  const request = idempotentRequest(db, 'demo-ebook', key, body, at);
  if (request.outcome !== 'new') throw new Error(`expected a new request, got ${request.outcome}`);
  return request.write((_tx, remember) => remember(201, { id: key }));
}

describe('idempotency keys', () => {
  it('replay the stored response for the same bytes, and refuse other bytes', async () => {
    const { db } = testApp();
    const now = Date.now();
    await accept(db, 'k', '{"a":1,"b":2}', now);
    expect(idempotentRequest(db, 'demo-ebook', 'k', '{"a":1,"b":2}', now)).toEqual({
      outcome: 'replay',
      statusCode: 201,
      body: { id: 'k' },
    });
    // A retry sends the bytes it sent: the same keys in another order are another body.
    expect(idempotentRequest(db, 'demo-ebook', 'k', '{"b":2,"a":1}', now)).toEqual({ outcome: 'reused' });
    expect(idempotentRequest(db, 'demo-ebook', 'has space', '{}', now)).toEqual({ outcome: 'invalid_key' });
  });

  it('let one of two racing requests claim a key; the other replays its response, its writes undone', async () => {
    const { db } = testApp();
    const now = Date.now();
    const first = idempotentRequest(db, 'demo-ebook', 'race', '{}', now);
    const second = idempotentRequest(db, 'demo-ebook', 'race', '{}', now);
    const third = idempotentRequest(db, 'demo-ebook', 'race', '{}', now);
    if (first.outcome !== 'new' || second.outcome !== 'new' || third.outcome !== 'new')
      throw new Error('all should probe as new');
    let wroteAfterClaim = false;
    const losing = (id: string) => (_tx: unknown, remember: (s: number, b: unknown) => void) => {
      remember(201, { id });
      wroteAfterClaim = true;
      return 'written';
    };
    // The first two in one batch (one commit), the third in the next.
    const [won, lost] = await Promise.all([
      first.write((_tx, remember) => remember(201, { id: 'first' })),
      second.write(losing('second')),
    ]);
    expect(won).toBeUndefined();
    const replay = { outcome: 'replay', statusCode: 201, body: { id: 'first' } };
    expect(lost).toEqual(replay);
    expect(await third.write(losing('third'))).toEqual(replay);
    expect(wroteAfterClaim).toBe(false);
  });

  it('are forgotten after their TTL, and only then', async () => {
    const { db } = testApp();
    const now = Date.now();
    await accept(db, 'old', '{}', now - IDEMPOTENCY_KEY_TTL_IN_MS - 1);
    await accept(db, 'new', '{}', now - 1000);
    expect(pruneIdempotencyKeys(db, now)).toBe(1);
    expect(idempotentRequest(db, 'demo-ebook', 'old', '{}', now).outcome).toBe('new');
    expect(idempotentRequest(db, 'demo-ebook', 'new', '{}', now).outcome).toBe('replay');
  });
});
