/**
 * The Overview's state in its URL: the form (`form`), the days (`days=7|30|90`, or `from` and `to`), the
 * breakdown shown (`by`). Days are UTC days, as the counters keep them.
 */
import { BREAKDOWNS, type Breakdown } from '../../shared/analytics-api.ts';

/** The presets offered, in days; the first page shows the middle one. */
export const PRESETS = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;
const DAY_IN_MS = 86_400_000;
/** The longest range the API answers. */
export const MAX_DAYS = 366;

export type Range = {
  since: string;
  until: string;
  /** The preset chosen, or undefined for a custom range. */
  preset: number | undefined;
  formId: string | undefined;
  by: Breakdown;
};

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isDay = (s: string | null): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && dayOf(Date.parse(s) || 0) === s;

/** Today, as a UTC day. */
export const today = (now = Date.now()): string => dayOf(now);

/** `n` days ending with `until`, both included. */
export const lastDays = (n: number, until: string): { since: string; until: string } => ({
  since: dayOf(Date.parse(until) - (n - 1) * DAY_IN_MS),
  until,
});

/** Days from `since` to `until`, both included. */
export const daysIn = (since: string, until: string): number =>
  Math.round((Date.parse(until) - Date.parse(since)) / DAY_IN_MS) + 1;

/** The page's query as a range; anything unusable falls back to the last 30 days. */
export function rangeOf(query: URLSearchParams, now = Date.now()): Range {
  const formId = query.get('form') || undefined;
  const byParam = query.get('by');
  const by = (BREAKDOWNS as readonly string[]).includes(byParam ?? '')
    ? (byParam as Breakdown)
    : 'utm_source';
  const from = query.get('from');
  const to = query.get('to');
  if (isDay(from) && isDay(to) && from <= to && daysIn(from, to) <= MAX_DAYS) {
    return { since: from, until: to, preset: undefined, formId, by };
  }
  const asked = Number(query.get('days'));
  const preset = (PRESETS as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS;
  return { ...lastDays(preset, today(now)), preset, formId, by };
}

/** The query of a range (what `rangeOf` reads back), with defaults left out. */
export function queryOf(range: {
  formId?: string | undefined;
  preset?: number | undefined;
  since?: string;
  until?: string;
  by?: Breakdown;
}): Record<string, string | undefined> {
  return {
    form: range.formId,
    ...(range.preset !== undefined
      ? { days: range.preset === DEFAULT_DAYS ? undefined : String(range.preset) }
      : { from: range.since, to: range.until }),
    by: range.by === 'utm_source' ? undefined : range.by,
  };
}

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLabelYear = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** `Nov 26` (with the year when `withYear`): a UTC day for people. */
export const formatDay = (day: string, withYear = false): string =>
  (withYear ? dayLabelYear : dayLabel).format(new Date(Date.parse(day)));
