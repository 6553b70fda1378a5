import { describe, expect, it } from 'vitest';
import { openDb } from './storage/db.ts';
import { sqliteStore } from './store.ts';

describe('sqliteStore', () => {
  it('tells onError of counts it could not write, rather than dropping them silently', async () => {
    const db = openDb(':memory:');
    const errors: unknown[] = [];
    const store = sqliteStore(db, (err) => errors.push(err));
    await store.abuse.countBlocked('demo-ebook', 'honeypot');
    // A table that cannot be written any more: the flush at close fails.
    db.$client.exec('DROP TABLE blocked_submissions');
    await store.abuse.close();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('blocked_submissions');
  });
});
