/**
 * What the admin analytics routes answer (`/v1/admin/analytics/funnel`, `/daily`, `/breakdown`), written
 * once as valibot schemas: built by the server (server/analytics/routes.ts), drawn by the console's
 * Overview, and documented by the OpenAPI document generated from them.
 */
import * as v from 'valibot';

/** A counter's kind: the widget's beacons (`view`, `start`, `step`) and the server's `submit`. */
export type FunnelKind = 'view' | 'start' | 'step' | 'submit';

/** The breakdowns a funnel can be read by. */
export const BREAKDOWNS = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

const Day = v.pipe(v.string(), v.isoDate());
const Share = (of: string) => v.pipe(v.nullable(v.number()), v.description(`Of ${of}; null when that is 0.`));

/** One stage of the funnel: `step` stages name the step reached (2 = the second one shown). */
export const FunnelStage = v.object({
  stage: v.picklist(['view', 'start', 'step', 'submit']),
  step: v.optional(v.number()),
  count: v.number(),
  ofPrevious: Share('the stage before'),
  ofViews: Share('the views'),
});
export type FunnelStage = v.InferOutput<typeof FunnelStage>;

/** Views, starts, submissions and the share of views that became submissions (null without views). */
export const FunnelSummary = v.object({
  views: v.number(),
  starts: v.number(),
  submissions: v.number(),
  conversion: Share('the views'),
});
export type FunnelSummary = v.InferOutput<typeof FunnelSummary>;

/** The range a report covers: one form or all (null), UTC days, both included. */
const ReportRange = { formId: v.nullable(v.string()), since: Day, until: Day };
export type ReportRange = v.InferOutput<v.ObjectSchema<typeof ReportRange, undefined>>;

/** `GET /v1/admin/analytics/funnel`. */
export const FunnelReport = v.object({
  ...ReportRange,
  ...FunnelSummary.entries,
  stages: v.array(FunnelStage),
  tiers: v.array(v.object({ tier: v.string(), count: v.number() })),
  refused: v.object({
    total: v.number(),
    byReason: v.array(v.object({ reason: v.string(), count: v.number() })),
  }),
  forms: v.pipe(
    v.optional(v.array(v.object({ ...FunnelSummary.entries, formId: v.string() }))),
    v.description('Without `formId`: each form that counted something in the range.'),
  ),
});
export type FunnelReport = v.InferOutput<typeof FunnelReport>;

/** One day of `GET /v1/admin/analytics/daily`. */
export const DailyCounts = v.object({
  day: Day,
  views: v.number(),
  starts: v.number(),
  steps: v.array(v.object({ step: v.number(), count: v.number() })),
  submissions: v.number(),
  refused: v.number(),
});
export type DailyCounts = v.InferOutput<typeof DailyCounts>;

/** `GET /v1/admin/analytics/daily`: every day of the range, days with nothing as zeros. */
export const DailyReport = v.object({ ...ReportRange, days: v.array(DailyCounts) });
export type DailyReport = v.InferOutput<typeof DailyReport>;

/** `GET /v1/admin/analytics/breakdown?by=`: the most viewed first; `value` null for visits without one. */
export const BreakdownReport = v.object({
  ...ReportRange,
  by: v.picklist(BREAKDOWNS),
  rows: v.array(v.object({ ...FunnelSummary.entries, value: v.nullable(v.string()) })),
});
export type BreakdownReport = v.InferOutput<typeof BreakdownReport>;
