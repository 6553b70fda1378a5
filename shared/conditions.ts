/** Conditional logic: evaluating a condition over answers, shared by the widget and the server. */
import type { Answer } from './answer.ts';
import type { Condition } from './form-definition.ts';

export type { Answer } from './answer.ts';

type Scalar = string | number | boolean;

const isEmpty = (a: Answer | undefined): boolean =>
  a === undefined || a === '' || a === false || (Array.isArray(a) && a.length === 0);
// For several choices, "equals x" means "x is among them".
const equals = (a: Answer | undefined, x: Scalar): boolean =>
  Array.isArray(a) ? a.includes(x as string) : a === x;
const num = (a: Answer | undefined): number => (typeof a === 'number' ? a : Number.NaN);

/** Whether `condition` holds; a field that is unanswered or hidden by logic has no value. */
export function matches(condition: Condition, answers: Record<string, Answer | undefined>): boolean {
  if ('all' in condition) return condition.all.every((c) => matches(c, answers));
  if ('any' in condition) return condition.any.some((c) => matches(c, answers));
  if ('not' in condition) return !matches(condition.not, answers);
  const a = answers[condition.field];
  const t = condition;
  // Comparisons with NaN are false, so range tests fail on anything that is not a number.
  return (
    (t.answered === undefined || t.answered !== isEmpty(a)) &&
    (t.equals === undefined || equals(a, t.equals)) &&
    (t.notEquals === undefined || !equals(a, t.notEquals)) &&
    (t.oneOf === undefined || t.oneOf.some((x) => equals(a, x))) &&
    (t.notOneOf === undefined || !t.notOneOf.some((x) => equals(a, x))) &&
    (t.gt === undefined || num(a) > t.gt) &&
    (t.gte === undefined || num(a) >= t.gte) &&
    (t.lt === undefined || num(a) < t.lt) &&
    (t.lte === undefined || num(a) <= t.lte)
  );
}

/** Every field key a condition reads. */
export function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  return [condition.field];
}

export { isEmpty };
