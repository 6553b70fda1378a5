/** A fixed-window counter per key (client address and form), in memory: abuse control, not accounting. */

const WINDOW_IN_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Allows `limitPerMinute` hits per key per minute; 0 allows everything. Memory is reset every window. */
export function rateLimiter(limitPerMinute: number, now: () => number = Date.now) {
  let windowStart = 0;
  let counts = new Map<string, number>();
  return function take(key: string): RateDecision {
    if (limitPerMinute === 0) return { allowed: true };
    const t = now();
    if (t - windowStart >= WINDOW_IN_MS) {
      windowStart = t - (t % WINDOW_IN_MS);
      counts = new Map();
    }
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= limitPerMinute) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + WINDOW_IN_MS - t) / 1000)),
    };
  };
}
