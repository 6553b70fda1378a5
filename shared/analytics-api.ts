/**
 * What the admin analytics routes answer (`/v1/admin/analytics/funnel`, `/daily`, `/breakdown`): built by
 * the server (server/analytics/routes.ts), drawn by the console's Overview.
 */

/** A counter's kind: the widget's beacons (`view`, `start`, `step`) and the server's `submit`. */
export type FunnelKind = 'view' | 'start' | 'step' | 'submit';

/** The breakdowns a funnel can be read by. */
export const BREAKDOWNS = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** One stage of the funnel: `step` stages name the step reached (2 = the second one shown). */
export type FunnelStage = {
  stage: FunnelKind;
  step?: number;
  count: number;
  /** Of the stage before; null when that one is 0. */
  ofPrevious: number | null;
  /** Of the views; null when there were none. */
  ofViews: number | null;
};

/** Views, starts, submissions and the share of views that became submissions (null without views). */
export type FunnelSummary = { views: number; starts: number; submissions: number; conversion: number | null };

/** The range a report covers: one form or all (null), UTC days, both included. */
export type ReportRange = { formId: string | null; since: string; until: string };

/** `GET /v1/admin/analytics/funnel`. */
export type FunnelReport = ReportRange &
  FunnelSummary & {
    stages: FunnelStage[];
    tiers: { tier: string; count: number }[];
    refused: { total: number; byReason: { reason: string; count: number }[] };
    /** Without `formId`: each form that counted something in the range. */
    forms?: (FunnelSummary & { formId: string })[];
  };

/** One day of `GET /v1/admin/analytics/daily`. */
export type DailyCounts = {
  day: string;
  views: number;
  starts: number;
  steps: { step: number; count: number }[];
  submissions: number;
  refused: number;
};

/** `GET /v1/admin/analytics/daily`: every day of the range, days with nothing as zeros. */
export type DailyReport = ReportRange & { days: DailyCounts[] };

/** `GET /v1/admin/analytics/breakdown?by=`: the most viewed first; `value` null for visits without one. */
export type BreakdownReport = ReportRange & {
  by: Breakdown;
  rows: (FunnelSummary & { value: string | null })[];
};
