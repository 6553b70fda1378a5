import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counterBatch } from './counter-batch.ts';
import { openDb } from './db.ts';

afterEach(() => {
  vi.useRealTimers();
});

function table() {
  const db = openDb(':memory:');
  db.run(sql`CREATE TABLE c (k TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
  const rows = () => db.all<{ k: string; n: number }>(sql`SELECT k, n FROM c ORDER BY k`);
  const write = (tx: Parameters<Parameters<typeof counterBatch<string>>[1]>[0], k: string, n: number) =>
    tx.run(sql`INSERT INTO c (k, n) VALUES (${k}, ${n}) ON CONFLICT (k) DO UPDATE SET n = n + ${n}`);
  return { db, rows, write };
}

describe('counterBatch', () => {
  it('adds up in memory and writes once a second, in one transaction', () => {
    vi.useFakeTimers();
    const { db, rows, write } = table();
    const batch = counterBatch(db, write);
    batch.add('a');
    batch.add('a');
    batch.add('b', 5);
    expect(rows()).toEqual([]);
    expect(batch.pending()).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(rows()).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 5 },
    ]);
    batch.add('a');
    batch.flush();
    expect(rows()[0]).toEqual({ k: 'a', n: 3 });
  });

  it('keeps the counts of a failed write for the next one', () => {
    vi.useFakeTimers();
    const { db, rows, write } = table();
    let fail = true;
    const errors: unknown[] = [];
    const batch = counterBatch(
      db,
      (tx, k: string, n) => {
        if (fail) throw new Error('disk full');
        write(tx, k, n);
      },
      { onError: (err) => errors.push(err) },
    );
    batch.add('a');
    batch.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    batch.add('a');
    vi.advanceTimersByTime(1000);
    expect(rows()).toEqual([{ k: 'a', n: 2 }]);
  });

  it('writes what is left on close, and nothing after', () => {
    const { db, rows, write } = table();
    const batch = counterBatch(db, write);
    batch.add('a');
    batch.close();
    batch.add('a');
    expect(rows()).toEqual([{ k: 'a', n: 1 }]);
    expect(batch.pending()).toBe(0);
  });
});
