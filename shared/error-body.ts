/** The error body of every non-2xx answer, as the contract gives it: a code, a sentence, the issues. */
import * as v from 'valibot';

/** A validation problem at a dot path such as `answers.email` or `consents.privacy`. */
export const FieldIssue = v.object({
  path: v.pipe(v.string(), v.description('A dot path into the request: `answers.email`, `query.since`.')),
  message: v.string(),
});
export type FieldIssue = v.InferOutput<typeof FieldIssue>;

/** `{"error": {"code", "message", "issues"?}}`: `issues` where a request failed validation. */
export const ErrorBody = v.object({
  error: v.object({
    code: v.pipe(v.string(), v.description('Stable and snake_case: what a program branches on.')),
    message: v.pipe(v.string(), v.description('A sentence for people; its words may change.')),
    issues: v.optional(v.array(FieldIssue)),
  }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;
