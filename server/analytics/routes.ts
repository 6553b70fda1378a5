/**
 * Admin routes under `/v1/admin/analytics`: the overview's funnel, daily series and breakdowns, over UTC
 * days, for one form (`formId`) or all.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import {
  BREAKDOWNS,
  type BreakdownReport,
  type DailyReport,
  type FunnelReport,
} from '../../shared/analytics-api.ts';
import type { AbuseStore } from '../abuse/abuse-store.ts';
import { utcDay as dayOf } from '../days.ts';
import type { FormStore } from '../forms/form-store.ts';
import { notFound, validationError } from '../http/api-error.ts';
import { parseQuery } from '../http/query.ts';
import type { LeadStore } from '../leads/store.ts';
import type { DayRange, FunnelStore } from './funnel-store.ts';
import { breakdownOf, byReason, dailyOf, daysBetween, stagesOf, summaryOf } from './overview.ts';

export type AnalyticsDeps = { forms: FormStore; leads: LeadStore; abuse: AbuseStore; funnel: FunnelStore };

const DAY_IN_MS = 86_400_000;
/** The range when none is given: the last 30 days, today included. */
const DEFAULT_DAYS = 30;
/** The longest range one request may ask for. */
const MAX_DAYS = 366;

const Day = v.pipe(
  v.string(),
  v.isoDate('Use a date as YYYY-MM-DD.'),
  // isoDate takes 2026-02-30; a day that does not exist is refused here rather than rolled over.
  v.check((day) => dayOf(Date.parse(day) || 0) === day, 'There is no such day.'),
);
const RangeEntries = {
  formId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  since: v.optional(Day),
  until: v.optional(Day),
};
export const RangeQuery = v.object(RangeEntries);
export const BreakdownQuery = v.object({
  ...RangeEntries,
  by: v.picklist(BREAKDOWNS, 'Use utm_source, utm_medium, utm_campaign or referrer.'),
});

/** Mounted under `/v1/admin/analytics`. */
export function analyticsRoutes({ forms, leads, abuse, funnel }: AnalyticsDeps) {
  const app = new Hono();

  /** The range asked for: a known form or all, `since` to `until` (default: the last 30 days). */
  const rangeOf = async (query: v.InferOutput<typeof RangeQuery>, now = Date.now()): Promise<DayRange> => {
    if (query.formId !== undefined && !(await forms.get(query.formId))) throw notFound('This form');
    const until = query.until ?? dayOf(now);
    const since = query.since ?? dayOf(Date.parse(until) - (DEFAULT_DAYS - 1) * DAY_IN_MS);
    if (since > until)
      throw validationError([{ path: 'query.since', message: 'Give a day on or before until.' }]);
    if (Date.parse(until) - Date.parse(since) >= MAX_DAYS * DAY_IN_MS) {
      throw validationError([{ path: 'query.since', message: `Ask for at most ${MAX_DAYS} days.` }]);
    }
    return { formId: query.formId, since, until };
  };
  const echo = (range: DayRange) => ({
    formId: range.formId ?? null,
    since: range.since,
    until: range.until,
  });

  app.get('/funnel', async (c) => {
    const range = await rangeOf(parseQuery(c, RangeQuery));
    const [rows, tiers, refused] = await Promise.all([
      funnel.totals(range),
      leads.countByFormAndTier(Date.parse(range.since), Date.parse(range.until) + DAY_IN_MS - 1),
      abuse.refusedByDay(range),
    ]);
    const tierCounts = new Map<string, number>();
    for (const t of tiers) {
      if (range.formId === undefined || t.formId === range.formId) {
        tierCounts.set(t.tier, (tierCounts.get(t.tier) ?? 0) + Number(t.count));
      }
    }
    const perForm = [...new Set(rows.map((r) => r.formId))].sort().map((formId) => ({
      formId,
      ...summaryOf(rows.filter((r) => r.formId === formId)),
    }));
    return c.json({
      ...echo(range),
      ...summaryOf(rows),
      stages: stagesOf(rows),
      // Leads stored in the range and still kept (erased ones are not counted here; they are in `submissions`).
      tiers: [...tierCounts].map(([tier, count]) => ({ tier, count })).sort((a, b) => b.count - a.count),
      refused: byReason(refused),
      ...(range.formId === undefined ? { forms: perForm } : {}),
    } satisfies FunnelReport);
  });

  app.get('/daily', async (c) => {
    const range = await rangeOf(parseQuery(c, RangeQuery));
    const [rows, refused] = await Promise.all([funnel.daily(range), abuse.refusedByDay(range)]);
    return c.json({
      ...echo(range),
      days: dailyOf(daysBetween(range.since, range.until), rows, refused),
    } satisfies DailyReport);
  });

  app.get('/breakdown', async (c) => {
    const query = parseQuery(c, BreakdownQuery);
    const range = await rangeOf(query);
    const rows = await funnel.breakdown(range, query.by);
    return c.json({ ...echo(range), by: query.by, rows: breakdownOf(rows) } satisfies BreakdownReport);
  });

  return app;
}
