/**
 * What a browser posts to `POST /v1/forms/:formId/submissions`. The envelope is checked here; the answers
 * and consents are checked against the form by `checkAnswers` (answers.ts).
 */
import * as v from 'valibot';
import type { FieldIssue } from './error-body.ts';

const MAX_CONTEXT_STRING = 2048;
const MAX_UTM_KEY = 64;
const MAX_UTM_ENTRIES = 20;
// The widget sends what the page is, and a visitor cannot shorten an ad's tracking URL: context that is
// too long is cut (and so documented), never a reason to refuse a lead.
const cut = (max: number) => v.transform((s: string) => s.slice(0, max));
const ContextString = v.pipe(v.string(), cut(MAX_CONTEXT_STRING));
// Unknown keys are refused by name, each one (valibot's strictObject names only the first), rather than
// dropped: nothing a client sends is silently ignored.
const strict = <E extends v.ObjectEntries>(entries: E) =>
  v.objectWithRest(entries, v.never('This is not part of a submission.'), 'Use an object.');

/** Where the lead came from, as the widget saw it. Stored, never trusted for scoring. */
export const SubmissionContext = strict({
  pageUrl: v.optional(
    v.pipe(ContextString, v.description('The page the form was on (cut at 2048 characters).')),
  ),
  referrer: v.optional(v.pipe(ContextString, v.description('The page before it.'))),
  utm: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), cut(MAX_UTM_KEY)), ContextString),
      v.transform((utm) => Object.fromEntries(Object.entries(utm).slice(0, MAX_UTM_ENTRIES))),
      v.description('The visit’s UTM parameters (`utm_source`, …; the first 20 kept).'),
    ),
  ),
  locale: v.optional(
    v.pipe(v.string(), v.maxLength(35), v.description('The visitor’s language, such as `de-AT`.')),
  ),
});

const Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'Use the value the challenge came with.'));

/** A solved proof-of-work challenge (shared/proof.ts): the challenge as the form gave it, and the number found. */
export const ProofSchema = v.strictObject({
  algorithm: v.literal('SHA-256'),
  challenge: Hex,
  maxnumber: v.pipe(v.number(), v.integer(), v.minValue(0)),
  salt: v.pipe(v.string(), v.maxLength(500)),
  signature: Hex,
  /** Absent when the browser could not solve it (no Web Crypto on a plain-http page): a 403 says so. */
  number: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
});

/** The envelope of a submission. */
export const SubmissionBody = strict({
  /** The version the widget rendered; absent = the current one. Older versions validate as they were. */
  formVersion: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.description('The version shown; absent = the current one.'),
    ),
  ),
  answers: v.pipe(
    v.record(v.string(), v.unknown()),
    v.description(
      'Field key → answer: text, a number, a checkbox’s boolean, a checkboxes field’s array of values.',
    ),
  ),
  consents: v.optional(
    v.pipe(v.record(v.string(), v.unknown()), v.description('Consent key → `true` (given) or `false`.')),
    {},
  ),
  context: v.optional(SubmissionContext, {}),
  /** The form's challenge, solved by the widget while the visitor typed. */
  proof: v.optional(
    v.pipe(ProofSchema, v.description('The form’s challenge, solved (unless the bot checks are off).')),
  ),
  /** A field people never see; anything in it means a bot filled it. */
  honeypot: v.optional(
    v.pipe(v.string(), v.maxLength(2048), v.description('Leave empty: a hidden field only bots fill.')),
  ),
});

// The `never` rest is how unknown keys are refused; the types keep only the known ones.
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
export type SubmissionBody = Known<v.InferOutput<typeof SubmissionBody>>;
export type SubmissionContext = Known<v.InferOutput<typeof SubmissionContext>>;

/** `201` to a submission: the lead's id, the tier and score the server worked out, what to show next. */
export const SubmissionResponse = v.object({
  id: v.pipe(v.string(), v.description("The lead's id (`lead_…`); a decoy's when a bot gate caught it.")),
  tier: v.string(),
  score: v.number(),
  /** In the visitor's language; links on the Leadgate server made absolute. */
  outcome: v.object({
    title: v.optional(v.string()),
    message: v.string(),
    redirectUrl: v.optional(v.string()),
    downloadUrl: v.optional(v.string()),
    downloadLabel: v.optional(v.string()),
    continueLabel: v.optional(v.string()),
  }),
});
export type SubmissionResponse = v.InferOutput<typeof SubmissionResponse>;

export type { FieldIssue } from './error-body.ts';

/** Turns a valibot issue into `{ path: "answers.email", message }`. */
export function toFieldIssue(issue: v.BaseIssue<unknown>): FieldIssue {
  const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
  return { path, message: issue.message };
}
