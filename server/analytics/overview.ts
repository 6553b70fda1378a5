/** The overview's figures from the counters: a funnel with its rates, a daily series, a breakdown. */

import { utcDay } from '../days.ts';
import { NONE } from './dimensions.ts';
import type { FunnelKind } from './funnel-store.ts';

type Counted = { kind: FunnelKind; step: number; count: number };

/** One stage of the funnel: `step` stages name the step reached (2 = the second one shown). */
export type Stage = {
  stage: FunnelKind;
  step?: number;
  count: number;
  /** Of the stage before; null when that one is 0. */
  ofPrevious: number | null;
  /** Of the views; null when there were none. */
  ofViews: number | null;
};

/** `part / whole`, to four places; null when there is no whole. */
export const rate = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

const sum = (rows: Counted[], kind: FunnelKind) =>
  rows.reduce((n, r) => (r.kind === kind ? n + r.count : n), 0);

/** Views → starts → each step reached → submissions, with the rate of each stage. */
export function stagesOf(rows: Counted[]): Stage[] {
  const steps = new Map<number, number>();
  for (const r of rows) if (r.kind === 'step') steps.set(r.step, (steps.get(r.step) ?? 0) + r.count);
  const raw: Omit<Stage, 'ofPrevious' | 'ofViews'>[] = [
    { stage: 'view', count: sum(rows, 'view') },
    { stage: 'start', count: sum(rows, 'start') },
    ...[...steps].sort(([a], [b]) => a - b).map(([step, count]) => ({ stage: 'step' as const, step, count })),
    { stage: 'submit', count: sum(rows, 'submit') },
  ];
  const views = raw[0]?.count ?? 0;
  return raw.map((s, i) => ({
    ...s,
    ofPrevious: i === 0 ? null : rate(s.count, raw[i - 1]?.count ?? 0),
    ofViews: i === 0 ? null : rate(s.count, views),
  }));
}

/** Views, starts and submissions, and the share of views that became submissions. */
export function summaryOf(rows: Counted[]) {
  const views = sum(rows, 'view');
  const submissions = sum(rows, 'submit');
  return { views, starts: sum(rows, 'start'), submissions, conversion: rate(submissions, views) };
}

/** Every day from `since` to `until`, both included (`2026-11-26`). */
export function daysBetween(since: string, until: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(since); t <= Date.parse(until); t += 86_400_000) {
    days.push(utcDay(t));
  }
  return days;
}

/** Per day of the range (days with nothing are zeros): views, starts, steps reached, submissions, refusals. */
export function dailyOf(
  days: string[],
  rows: (Counted & { day: string })[],
  refused: { day: string; count: number }[],
) {
  return days.map((day) => {
    const today = rows.filter((r) => r.day === day);
    const steps = today
      .filter((r) => r.kind === 'step')
      .sort((a, b) => a.step - b.step)
      .map(({ step, count }) => ({ step, count }));
    return {
      day,
      views: sum(today, 'view'),
      starts: sum(today, 'start'),
      steps,
      submissions: sum(today, 'submit'),
      refused: refused.reduce((n, r) => (r.day === day ? n + r.count : n), 0),
    };
  });
}

/** Per value of a dimension (null = none): views, starts, submissions, conversion; the most viewed first. */
export function breakdownOf(rows: (Counted & { value: string })[]) {
  const byValue = new Map<string, Counted[]>();
  for (const r of rows) byValue.set(r.value, [...(byValue.get(r.value) ?? []), r]);
  return [...byValue]
    .map(([value, counted]) => ({ value: value === NONE ? null : value, ...summaryOf(counted) }))
    .sort(
      (a, b) =>
        b.views - a.views || b.submissions - a.submissions || String(a.value).localeCompare(String(b.value)),
    );
}

/** Counts per reason, the largest first. */
export function byReason(rows: { reason: string; count: number }[]) {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.reason, (counts.get(r.reason) ?? 0) + r.count);
  const reasons = [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  return { total: reasons.reduce((n, r) => n + r.count, 0), byReason: reasons };
}
