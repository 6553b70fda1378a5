import { describe, expect, it } from 'vitest';
import { writeTx } from '../storage/db.ts';
import { testApp } from '../test-support.ts';
import {
  findResponse,
  IDEMPOTENCY_KEY_TTL_IN_MS,
  pruneIdempotencyKeys,
  storeResponse,
} from './idempotency.ts';

describe('idempotency keys', () => {
  it('are forgotten after their TTL, and only then', () => {
    const { db } = testApp();
    const now = Date.now();
    writeTx(db, (tx) => {
      storeResponse(
        tx,
        'demo-ebook',
        'old',
        { statusCode: 201, body: {}, requestHash: 'h' },
        now - IDEMPOTENCY_KEY_TTL_IN_MS - 1,
      );
      storeResponse(tx, 'demo-ebook', 'new', { statusCode: 201, body: {}, requestHash: 'h' }, now - 1000);
    });
    expect(pruneIdempotencyKeys(db, now)).toBe(1);
    expect(findResponse(db, 'demo-ebook', 'old')).toBeUndefined();
    expect(findResponse(db, 'demo-ebook', 'new')).toMatchObject({ statusCode: 201 });
  });
});
