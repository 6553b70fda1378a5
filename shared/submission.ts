/**
 * What a browser posts to `POST /v1/forms/:formId/submissions`, and the validator compiled from a form's
 * fields and consents. The widget runs the same compiled validator for its inline errors, so the two
 * sides cannot disagree.
 */
import * as v from 'valibot';
import type { Consent, PublicField } from './form-definition.ts';

const MAX_CONTEXT_STRING = 2048;
const ContextString = v.pipe(v.string(), v.maxLength(MAX_CONTEXT_STRING));

/** Where the lead came from, as the widget saw it. Stored, never trusted for scoring. */
export const SubmissionContext = v.object({
  pageUrl: v.optional(ContextString),
  referrer: v.optional(ContextString),
  utm: v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), ContextString), v.maxEntries(20))),
  locale: v.optional(v.pipe(v.string(), v.maxLength(35))),
});

/** The envelope; answers and consents are checked against the form by `compileSubmission`. */
export const SubmissionBody = v.object({
  /** The version the widget rendered; absent = the current one. Older versions validate as they were. */
  formVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  answers: v.record(v.string(), v.unknown()),
  consents: v.optional(v.record(v.string(), v.unknown()), {}),
  context: v.optional(SubmissionContext, {}),
});

export type SubmissionBody = v.InferOutput<typeof SubmissionBody>;
export type SubmissionContext = v.InferOutput<typeof SubmissionContext>;
export type AnswerValue = string | number;

/** A validation problem at a dot path such as `answers.email` or `consents.privacy`. */
export type FieldIssue = { path: string; message: string };

export type ValidSubmission = {
  answers: Record<string, AnswerValue>;
  consents: Record<string, boolean>;
};

type FormShape = { fields: PublicField[]; consents: Consent[] };

// A deliberately plain check: browsers' own type=email rule (WHATWG HTML, "valid e-mail address").
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

const REQUIRED = 'This field is required.';
const MUST_ACCEPT = 'Please accept this to continue.';

/** Optional fields accept a missing value or an empty string, both meaning "not answered". */
function optionalUnlessRequired(field: PublicField, schema: v.GenericSchema<unknown, AnswerValue>) {
  if (field.required)
    return v.pipe(
      v.unknown(),
      v.check((x) => x !== undefined && x !== '', REQUIRED),
      schema,
    );
  return v.optional(
    v.union([
      v.pipe(
        v.literal(''),
        v.transform(() => undefined),
      ),
      schema,
    ]),
  );
}

type Check<T> = v.PipeItem<T, T, v.BaseIssue<unknown>>;

function fieldSchema(field: PublicField): v.GenericSchema<unknown, AnswerValue> {
  switch (field.type) {
    case 'number': {
      const checks: Check<number>[] = [];
      if (field.min !== undefined) checks.push(v.minValue(field.min, `Enter ${field.min} or more.`));
      if (field.max !== undefined) checks.push(v.maxValue(field.max, `Enter ${field.max} or less.`));
      return v.pipe(v.number('Enter a number.'), v.finite('Enter a number.'), ...checks);
    }
    case 'select':
    case 'radio':
      return v.picklist(
        field.options.map((o) => o.value),
        'Choose one of the options.',
      );
    default: {
      const max = field.maxLength ?? (field.type === 'textarea' ? 5000 : 500);
      const checks: Check<string>[] = [v.maxLength(max, `Use at most ${max} characters.`)];
      if (field.minLength)
        checks.push(v.minLength(field.minLength, `Use at least ${field.minLength} characters.`));
      if (field.type === 'email') checks.push(v.regex(EMAIL, 'Enter a valid email address.'));
      if (field.type === 'url') checks.push(v.url('Enter a full web address (https://…).'));
      return v.pipe(v.string('Enter text.'), v.trim(), ...checks);
    }
  }
}

/** Builds the validator for one form version; compile once and reuse (it is pure). */
export function compileSubmission(form: FormShape) {
  const answers = Object.fromEntries(
    form.fields.map((f) => [f.key, optionalUnlessRequired(f, fieldSchema(f))]),
  );
  const consents = Object.fromEntries(
    form.consents.map((c) => [
      c.key,
      c.required ? v.literal(true, MUST_ACCEPT) : v.optional(v.boolean('Expected true or false.'), false),
    ]),
  );
  const schema = v.object({
    answers: v.strictObject(answers),
    consents: v.strictObject(consents),
  });
  return function validateSubmission(input: {
    answers: unknown;
    consents?: unknown;
  }): { success: true; output: ValidSubmission } | { success: false; issues: FieldIssue[] } {
    const result = v.safeParse(schema, { answers: input.answers, consents: input.consents ?? {} });
    if (result.success) return { success: true, output: stripUndefined(result.output) };
    return { success: false, issues: result.issues.map(explainKeyIssue) };
  };
}

export type SubmissionValidator = ReturnType<typeof compileSubmission>;

function stripUndefined(output: { answers: Record<string, unknown>; consents: Record<string, unknown> }) {
  const answers: Record<string, AnswerValue> = {};
  for (const [k, x] of Object.entries(output.answers)) if (x !== undefined) answers[k] = x as AnswerValue;
  return { answers, consents: output.consents as Record<string, boolean> };
}

// A strict object reports both a missing key and an unknown one under its own type; say which it was.
function explainKeyIssue(issue: v.BaseIssue<unknown>): FieldIssue {
  const found = toFieldIssue(issue);
  if (issue.type !== 'strict_object') return found;
  const consent = found.path.startsWith('consents.');
  if (issue.expected === 'never')
    return { ...found, message: consent ? 'Unknown consent.' : 'Unknown field.' };
  return { ...found, message: consent ? MUST_ACCEPT : REQUIRED };
}

/** Turns a valibot issue into `{ path: "answers.email", message }`. */
export function toFieldIssue(issue: v.BaseIssue<unknown>): FieldIssue {
  const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
  return { path, message: issue.message };
}
