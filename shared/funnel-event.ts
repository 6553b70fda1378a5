/**
 * What the widget counts and how it says so: `POST /v1/forms/:formId/events`, one `navigator.sendBeacon`
 * per event with a form-encoded body of a few short values. Never an answer, a cookie or an id: the
 * server keeps only per-day counters (server/analytics/funnel-store.ts).
 */
import * as v from 'valibot';

/** The funnel events the widget reports; submissions are counted by the server when it stores a lead. */
export const FUNNEL_KINDS = ['view', 'start', 'step'] as const;
export type FunnelKind = (typeof FUNNEL_KINDS)[number];

/** The UTM parameters counted; the widget sends the visit's others too (utm_term, …), which are dropped. */
export const COUNTED_UTM = ['utm_source', 'utm_medium', 'utm_campaign'] as const;

const Whole = (what: string) =>
  v.pipe(v.string(), v.regex(/^\d{1,9}$/, `Give the ${what} as a whole number.`), v.transform(Number));
// Long values are cut by the server (analytics/dimensions.ts), not refused: the body's size bounds them.
const Text = v.optional(v.string());

/** A beacon's body, once its `application/x-www-form-urlencoded` pairs are an object of strings. */
export const FunnelBeacon = v.pipe(
  v.objectWithRest(
    {
      kind: v.picklist(FUNNEL_KINDS, `Use one of: ${FUNNEL_KINDS.join(', ')}.`),
      /** For `step`: the step reached as the visitor counts them (2 for the second shown); 0 otherwise. */
      step: Whole('step'),
      /** The form version shown. */
      version: v.pipe(Whole('version'), v.minValue(1, 'Versions start at 1.')),
      /** The referring page's host (the widget sends no path or query). */
      referrer: Text,
      utm_source: Text,
      utm_medium: Text,
      utm_campaign: Text,
    },
    v.never('This is not part of a beacon.'),
  ),
  v.forward(
    v.check(
      (b) => (b.kind === 'step' ? b.step >= 2 : b.step === 0),
      'A step beacon names the step reached (2 or more); the others send 0.',
    ),
    ['step'],
  ),
);
export type FunnelBeacon = v.InferOutput<typeof FunnelBeacon>;
