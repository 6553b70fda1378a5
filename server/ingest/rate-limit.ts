/** A fixed-window counter per key (client address and form), in memory: abuse control, not accounting. */

const WINDOW_IN_MS = 60_000;
/** Keys remembered in one window at most: a few MB, however many addresses or form ids arrive. */
export const MAX_RATE_KEYS = 10_000;
// Real keys are an address and a form id (at most 64 characters); longer ones are cut, not stored whole.
const MAX_KEY_LENGTH = 160;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Allows `limitPerMinute` hits per key per minute; 0 allows everything. Memory is reset every window and
 * holds at most `maxKeys` keys. When full, a new key makes room by evicting the oldest key seen only once
 * this window, so a flood of fresh keys pushes out other fresh keys and never the counter of a client
 * that has been submitting (or is being held back); only when every key has been seen twice does the
 * oldest of those go.
 */
export function rateLimiter(
  limitPerMinute: number,
  { now = Date.now, maxKeys = MAX_RATE_KEYS }: { now?: () => number; maxKeys?: number } = {},
) {
  let windowStart = 0;
  // Keys seen once and keys seen more often, each in insertion order (a Map keeps it): the eviction order.
  let once = new Set<string>();
  let counts = new Map<string, number>();
  function take(rawKey: string): RateDecision {
    if (limitPerMinute === 0) return { allowed: true };
    const key = rawKey.slice(0, MAX_KEY_LENGTH);
    const t = now();
    if (t - windowStart >= WINDOW_IN_MS) {
      windowStart = t - (t % WINDOW_IN_MS);
      once = new Set();
      counts = new Map();
    }
    let n: number;
    if (once.delete(key)) {
      n = 2;
      counts.set(key, n);
    } else if (counts.has(key)) {
      n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
    } else {
      if (once.size + counts.size >= maxKeys) {
        const oldest = once.size > 0 ? once : counts;
        oldest.delete(oldest.keys().next().value as string);
      }
      n = 1;
      once.add(key);
    }
    if (n <= limitPerMinute) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + WINDOW_IN_MS - t) / 1000)),
    };
  }
  /** How many keys are remembered now. */
  const size = () => once.size + counts.size;
  return Object.assign(take, { size });
}
