/**
 * Group commit: the writes that arrive while the event loop is busy are committed together, in one
 * `BEGIN IMMEDIATE … COMMIT` and so one fsync, instead of one each. With `synchronous = FULL` the commit
 * (the fsync) is most of what a write costs; sharing it is what lets ingest keep its promise, a 201 only
 * for a lead on disk, at many times the rate. Each write's promise settles only after the COMMIT that
 * holds it returned.
 */
import type Database from 'better-sqlite3';
import { type Db, type Tx, writeTx } from './db.ts';

type Pending = { fn: (tx: Tx) => unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void };

/** Writes batched per connection: every caller on one `Db` shares its batches. */
const writers = new WeakMap<Database.Database, (fn: (tx: Tx) => unknown) => Promise<unknown>>();

/**
 * Queues `fn` for the next batch and resolves with what it returned once the batch is committed, or
 * rejects with what it threw (its own writes undone, its batch-mates' kept) or with the commit's error.
 */
export function groupWrite<T>(db: Db, fn: (tx: Tx) => T): Promise<T> {
  let write = writers.get(db.$client);
  if (!write) {
    write = groupWriter(db);
    writers.set(db.$client, write);
  }
  return write(fn) as Promise<T>;
}

function groupWriter(db: Db) {
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    let results: unknown[];
    try {
      // The common case: every write succeeds, and they share one transaction with no savepoints (a
      // savepoint per write copies each dirtied page once more).
      results = writeTx(db, (tx) => batch.map((w) => w.fn(tx)));
    } catch {
      replay(batch);
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve(results[i]);
  };
  // One write threw, and the batch rolled back: again, each in its own savepoint, so that a failing write
  // undoes only itself. This runs only when a write fails.
  const replay = (batch: Pending[]) => {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      writeTx(db, (tx) => {
        const conn = tx.$client;
        for (const w of batch) {
          conn.exec('SAVEPOINT one_write');
          try {
            outcomes.push({ ok: true, value: w.fn(tx) });
            conn.exec('RELEASE one_write');
          } catch (error) {
            conn.exec('ROLLBACK TO one_write');
            conn.exec('RELEASE one_write');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (a full disk, a read-only file): nothing of the batch is stored.
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  };
  return (fn: (tx: Tx) => unknown) =>
    new Promise<unknown>((resolve, reject) => {
      // The first write of a batch schedules its commit after the I/O already waiting has been read:
      // the requests that arrived meanwhile join it.
      if (queue.push({ fn, resolve, reject }) === 1) setImmediate(flush);
    });
}
