/** How the console writes times, values and definitions' texts. */
import type { Answer } from '../shared/conditions.ts';
import type { Condition, Field, FormDefinition, LocalizedText } from '../shared/form-definition.ts';
import { localize } from '../shared/localize.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A time for people: the browser's language and zone. */
export const formatTime = (iso: string, seconds = false): string =>
  (seconds ? dateTimeSeconds : dateTime).format(new Date(iso));

/** `sales_qualified` → `Sales qualified`. */
export const humanize = (key: string): string => {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A definition's text in its own default language. */
export const text = (def: FormDefinition, t: LocalizedText | undefined): string =>
  t === undefined ? '' : localize(t, def.defaultLocale ?? 'en', def.defaultLocale ?? 'en');

/** Every field of a definition, steps flattened. */
export const fieldsOf = (def: FormDefinition): Field[] =>
  def.steps ? def.steps.flatMap((s) => s.fields) : (def.fields ?? []);

/** A field's label, or its key when it has none (hidden fields). */
export function fieldLabel(def: FormDefinition | undefined, key: string): string {
  const field = def && fieldsOf(def).find((f) => f.key === key);
  if (!def || !field || !('label' in field) || field.label === undefined) return humanize(key);
  return text(def, field.label);
}

/** An answer as the visitor saw it: option labels rather than values, yes/no for checkboxes. */
export function answerText(def: FormDefinition | undefined, key: string, answer: Answer): string {
  const field = def && fieldsOf(def).find((f) => f.key === key);
  const optionLabel = (value: string) => {
    const option = field && 'options' in field ? field.options.find((o) => o.value === value) : undefined;
    return option && def ? text(def, option.label) : value;
  };
  if (Array.isArray(answer)) return answer.map(optionLabel).join(', ');
  if (typeof answer === 'boolean') return answer ? 'Yes' : 'No';
  if (typeof answer === 'number') return answer.toLocaleString();
  return optionLabel(answer);
}

/** A condition in words: `Homes managed ≥ 10 and Role is Landlord`. */
export function describeCondition(def: FormDefinition | undefined, c: Condition): string {
  if ('all' in c) return c.all.map((x) => describeCondition(def, x)).join(' and ');
  if ('any' in c) return c.any.map((x) => `(${describeCondition(def, x)})`).join(' or ');
  if ('not' in c) return `not (${describeCondition(def, c.not)})`;
  const label = fieldLabel(def, c.field);
  const value = (x: string | number | boolean) =>
    typeof x === 'string' ? answerText(def, c.field, x) : String(x);
  const tests: string[] = [];
  if (c.equals !== undefined) tests.push(`is ${value(c.equals)}`);
  if (c.notEquals !== undefined) tests.push(`is not ${value(c.notEquals)}`);
  if (c.oneOf) tests.push(`is one of ${c.oneOf.map(value).join(', ')}`);
  if (c.notOneOf) tests.push(`is none of ${c.notOneOf.map(value).join(', ')}`);
  if (c.gt !== undefined) tests.push(`> ${c.gt}`);
  if (c.gte !== undefined) tests.push(`≥ ${c.gte}`);
  if (c.lt !== undefined) tests.push(`< ${c.lt}`);
  if (c.lte !== undefined) tests.push(`≤ ${c.lte}`);
  if (c.answered !== undefined) tests.push(c.answered ? 'is answered' : 'is not answered');
  return `${label} ${tests.join(' and ')}`;
}
