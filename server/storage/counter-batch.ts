/**
 * Counters added up in memory and written together, one transaction (one fsync) about every second,
 * instead of a write per hit. For counts that may lose their last second in a crash (funnel events,
 * refusals), never for leads: a counter on the hot path of a refusal (a 429) must not cost an fsync, or
 * the refusal would cost the server more than the request it refuses. On PostgreSQL it also keeps every
 * lead's `submit` count from queueing on one hot row across instances.
 */

export const COUNTER_FLUSH_EVERY_IN_MS = 1000;

export type CounterBatch<K> = {
  /** Adds `n` to `key`'s counter; written within about a second. */
  add(key: K, n?: number): void;
  /** Writes what has been added so far, now. */
  flush(): Promise<void>;
  /** Counters waiting to be written. */
  pending(): number;
  /** Writes what is left, then counts nothing more: called before the database closes. */
  close(): Promise<void>;
};

/**
 * A batch whose `writeAll` adds each `[key, n]` to its row, in one transaction of the caller's database.
 * Keys are compared as JSON, so a key is a plain array or object. A flush that fails (a full disk) keeps
 * its counts for the next one and reports the error to `onError`.
 */
export function counterBatch<K>(
  writeAll: (counts: [K, number][]) => void | Promise<void>,
  {
    everyInMs = COUNTER_FLUSH_EVERY_IN_MS,
    onError = () => {},
  }: { everyInMs?: number; onError?: (err: unknown) => void } = {},
): CounterBatch<K> {
  let counts = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (counts.size === 0) return writing;
    const batch = counts;
    counts = new Map();
    // One flush at a time, in order: a read after a flush sees every count added before it.
    writing = writing.then(async () => {
      try {
        await writeAll([...batch].map(([key, n]) => [JSON.parse(key) as K, n]));
      } catch (err) {
        for (const [key, n] of batch) counts.set(key, (counts.get(key) ?? 0) + n);
        schedule();
        onError(err);
      }
    });
    return writing;
  };
  // Only while something waits: an idle server keeps no timer, and none holds the process open.
  const schedule = () => {
    if (closed) return;
    timer ??= setTimeout(() => void flush(), everyInMs);
    timer.unref?.();
  };
  return {
    add(key, n = 1) {
      if (closed) return;
      const k = JSON.stringify(key);
      counts.set(k, (counts.get(k) ?? 0) + n);
      schedule();
    },
    flush,
    pending: () => counts.size,
    async close() {
      await flush();
      closed = true;
      clearTimeout(timer);
      counts.clear();
    },
  };
}
