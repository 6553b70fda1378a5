import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counterBatch } from './counter-batch.ts';
import { openDb, writeTx } from './db.ts';

afterEach(() => {
  vi.useRealTimers();
});

function table() {
  const db = openDb(':memory:');
  db.run(sql`CREATE TABLE c (k TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
  const rows = () => db.all<{ k: string; n: number }>(sql`SELECT k, n FROM c ORDER BY k`);
  const writeAll = (counts: [string, number][]) =>
    writeTx(db, (tx) => {
      for (const [k, n] of counts) {
        tx.run(sql`INSERT INTO c (k, n) VALUES (${k}, ${n}) ON CONFLICT (k) DO UPDATE SET n = n + ${n}`);
      }
    });
  return { db, rows, writeAll };
}

describe('counterBatch', () => {
  it('adds up in memory and writes once a second, in one transaction', async () => {
    vi.useFakeTimers();
    const { rows, writeAll } = table();
    const batch = counterBatch(writeAll);
    batch.add('a');
    batch.add('a');
    batch.add('b', 5);
    expect(rows()).toEqual([]);
    expect(batch.pending()).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rows()).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 5 },
    ]);
    batch.add('a');
    await batch.flush();
    expect(rows()[0]).toEqual({ k: 'a', n: 3 });
  });

  it('keeps the counts of a failed write for the next one', async () => {
    vi.useFakeTimers();
    const { rows, writeAll } = table();
    let fail = true;
    const errors: unknown[] = [];
    const batch = counterBatch(
      async (counts: [string, number][]) => {
        if (fail) throw new Error('disk full');
        writeAll(counts);
      },
      { onError: (err) => errors.push(err) },
    );
    batch.add('a');
    await batch.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    batch.add('a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(rows()).toEqual([{ k: 'a', n: 2 }]);
  });

  it('writes what is left on close, and nothing after', async () => {
    const { rows, writeAll } = table();
    const batch = counterBatch(writeAll);
    batch.add('a');
    await batch.close();
    batch.add('a');
    expect(rows()).toEqual([{ k: 'a', n: 1 }]);
    expect(batch.pending()).toBe(0);
  });
});
