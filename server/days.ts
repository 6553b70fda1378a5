/** UTC days, as counters are keyed and ranges are given: `2026-11-26`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
