/**
 * The rules a visitor's answers must follow, interpreted from the public form. The widget runs this for
 * its inline errors and the server runs it to accept or refuse a submission: one function, so the two
 * cannot disagree. It is plain code rather than a valibot schema because it ships in the widget, whose
 * size budget valibot's runtime would take a third of.
 */
import { type Answer, isEmpty, matches } from './conditions.ts';
import type { PublicField, PublicForm } from './public-form.ts';
import { format, type UiStringKey } from './ui-strings.ts';

/** A problem at a dot path (`answers.email`); `code` names the UI string that explains it. */
export type AnswerIssue = {
  path: string;
  code: UiStringKey;
  params?: Record<string, number>;
  /** The form's own words for it, when it has them (a field's `patternMessage`). */
  message?: string;
};

export type CheckedAnswers = {
  issues: AnswerIssue[];
  /** Valid answers to visible fields only: hidden-by-logic answers are dropped, never stored. */
  answers: Record<string, Answer>;
  consents: Record<string, boolean>;
  /** Indexes of the steps the logic shows. */
  steps: number[];
  /** Keys of the fields the logic shows (on shown steps). */
  shown: Set<string>;
};

type Raw = Record<string, unknown>;

// The longest text accepted where a field names no maxLength.
const TEXTAREA_MAX = 5000;
const TEXT_MAX = 500;
// The browser's own type=email rule (WHATWG HTML, "valid e-mail address"), within RFC 5321's lengths
// (§4.5.3.1): at most 64 characters before the @ and 254 in all (ASCII only, so characters are octets).
export const EMAIL =
  /^(?!.{255})[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)+$/i;
const TEL = /^\+?[\d\s().\-/]{5,40}$/;

const isHttpUrl = (s: string): boolean => {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
};

/** A field's issue without its path: a UI string's code and its `{n}`. */
type FieldIssue = Omit<AnswerIssue, 'path'>;
const fail = (code: UiStringKey, n?: number): { issue: FieldIssue } => ({
  issue: n === undefined ? { code } : { code, params: { n } },
});

/** Checks one visible field's raw value: the normalised answer, or the issue. */
function checkField(f: PublicField, raw: unknown): { answer?: Answer; issue?: FieldIssue } {
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (f.type === 'checkbox') {
    if (f.required && value !== true) return fail('required');
    return { answer: value === true };
  }
  if (isEmpty(value as Answer) || value === null)
    return f.type !== 'hidden' && f.required ? fail('required') : {};
  switch (f.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('number');
      if (f.integer && !Number.isInteger(value)) return fail('integer');
      if (f.min !== undefined && value < f.min) return fail('min', f.min);
      if (f.max !== undefined && value > f.max) return fail('max', f.max);
      return { answer: value };
    }
    case 'select':
    case 'radio':
      // Option values are strings, so nothing else equals one.
      return f.options.some((o) => o.value === value) ? { answer: value as string } : fail('option');
    case 'checkboxes': {
      if (!Array.isArray(value) || !value.every((x) => f.options.some((o) => o.value === x)))
        return fail('option');
      const unique = [...new Set(value as string[])];
      if (f.min !== undefined && unique.length < f.min) return fail('min_choices', f.min);
      if (f.max !== undefined && unique.length > f.max) return fail('max_choices', f.max);
      return { answer: unique };
    }
    default: {
      if (typeof value !== 'string') return fail('type');
      const max =
        ('maxLength' in f ? f.maxLength : undefined) ?? (f.type === 'textarea' ? TEXTAREA_MAX : TEXT_MAX);
      if (value.length > max) return fail('max_length', max);
      if (f.type === 'hidden') return { answer: value };
      if (f.minLength !== undefined && value.length < f.minLength) return fail('min_length', f.minLength);
      if (f.type === 'email' && !EMAIL.test(value)) return fail('email');
      if (f.type === 'url' && !isHttpUrl(value)) return fail('url');
      if (f.type === 'tel' && !TEL.test(value)) return fail('tel');
      // As HTML's pattern attribute: the whole value must match. (Engines cache compiled expressions.)
      if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, 'u').test(value))
        return { issue: { code: 'pattern', ...(f.patternMessage ? { message: f.patternMessage } : {}) } };
      return { answer: value };
    }
  }
}

/**
 * Checks answers and consents against the form's rules: what the widget runs for its inline errors. With
 * `step`, only that step's fields are judged (and the consents, when it is the last step shown), as on Next.
 */
export function checkRules(
  form: Pick<PublicForm, 'steps' | 'consents'>,
  input: { answers: Raw; consents?: Raw },
  step?: number,
): CheckedAnswers {
  const issues: AnswerIssue[] = [];
  const answers: Record<string, Answer> = {};
  const steps: number[] = [];
  const shown = new Set<string>();
  const raw = input.answers;
  form.steps.forEach((s, i) => {
    // Logic reads only what was answered earlier and is shown; `answers` holds exactly that.
    if (s.showIf && !matches(s.showIf, answers)) return;
    steps.push(i);
    for (const f of s.fields) {
      if (f.showIf && !matches(f.showIf, answers)) continue;
      shown.add(f.key);
      const { answer, issue } = checkField(f, raw[f.key]);
      if (answer !== undefined) answers[f.key] = answer;
      if (issue && (step === undefined || step === i)) {
        issues.push({ path: `answers.${f.key}`, ...issue });
      }
    }
  });

  const consents: Record<string, boolean> = {};
  const rawConsents = input.consents ?? {};
  const judgeConsents = step === undefined || step === steps.at(-1);
  for (const c of form.consents) {
    const value = rawConsents[c.key];
    consents[c.key] = value === true;
    if (judgeConsents && c.required && value !== true)
      issues.push({ path: `consents.${c.key}`, code: 'must_accept' });
  }
  return { issues, answers, consents, steps, shown };
}

/**
 * Everything the server checks: the rules, and what only a client other than the widget can send (the
 * widget cannot, so it does without this code): answers and consents the form does not have, and checkbox
 * or consent values that are not booleans. Such an issue replaces the rule's issue at the same path.
 */
export function checkAnswers(
  form: Pick<PublicForm, 'steps' | 'consents'>,
  input: { answers: Raw; consents?: Raw },
  step?: number,
): CheckedAnswers {
  const checked = checkRules(form, input, step);
  if (step !== undefined) return checked;
  const shape: AnswerIssue[] = [];
  const fields = new Map(form.steps.flatMap((s) => s.fields).map((f) => [f.key, f]));
  const notBoolean = (value: unknown) => value !== undefined && typeof value !== 'boolean';
  for (const [key, value] of Object.entries(input.answers)) {
    const f = fields.get(key);
    if (!f) shape.push({ path: `answers.${key}`, code: 'unknown' });
    else if (f.type === 'checkbox' && checked.shown.has(key) && notBoolean(value))
      shape.push({ path: `answers.${key}`, code: 'boolean' });
  }
  for (const [key, value] of Object.entries(input.consents ?? {})) {
    if (!form.consents.some((c) => c.key === key)) shape.push({ path: `consents.${key}`, code: 'unknown' });
    else if (notBoolean(value)) shape.push({ path: `consents.${key}`, code: 'boolean' });
  }
  const paths = new Set(shape.map((i) => i.path));
  checked.issues = [...checked.issues.filter((i) => !paths.has(i.path)), ...shape];
  return checked;
}

/** The issue in words, in the form's language: the form's own (a field's `patternMessage`), or ours. */
export function issueMessage(issue: AnswerIssue, form: Pick<PublicForm, 'strings'>): string {
  return issue.message ?? format(form.strings[issue.code], issue.params);
}
