/**
 * The form-definition language: one valibot schema that the admin API validates, the server enforces and
 * the widget renders. Types are derived from it, never written twice. `docs/forms.md` describes it; a
 * JSON Schema generated from it (`docs/form-definition.schema.json`) gives editors autocompletion.
 */
import * as v from 'valibot';
import { conditionFields } from './conditions.ts';

/** Field keys become JSON keys, CSV columns and dot paths (`answers.work_email`), so keep them plain. */
export const FieldKey = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'Use 1–64 lowercase letters, digits or _, starting with a letter.'),
);

const Locale = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag like en or pt-BR.'),
);
const Plain = v.pipe(v.string(), v.trim(), v.minLength(1, 'Must not be empty.'), v.maxLength(2000));

/** Text shown to visitors: one string, or one per language (`{"en": "Name", "de": "Name"}`). */
export const Text = v.union(
  [Plain, v.pipe(v.record(Locale, Plain), v.minEntries(1, 'Give at least one language.'), v.maxEntries(50))],
  'Use a string or an object of strings by language.',
);

const Scalar = v.union([v.string(), v.number(), v.boolean()]);

/** A test on one earlier field's answer; every test given must hold. */
const FieldTest = v.pipe(
  v.strictObject({
    field: FieldKey,
    equals: v.optional(Scalar),
    notEquals: v.optional(Scalar),
    oneOf: v.optional(v.pipe(v.array(Scalar), v.maxLength(200))),
    notOneOf: v.optional(v.pipe(v.array(Scalar), v.maxLength(200))),
    gt: v.optional(v.number()),
    gte: v.optional(v.number()),
    lt: v.optional(v.number()),
    lte: v.optional(v.number()),
    answered: v.optional(v.boolean()),
  }),
  v.check((t) => Object.keys(t).length > 1, 'Give at least one test besides the field.'),
);

export type Condition =
  | v.InferOutput<typeof FieldTest>
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** `{field, equals|oneOf|…}`, combined with `all`, `any` and `not`. */
export const Condition: v.GenericSchema<Condition> = v.union(
  [
    FieldTest,
    v.strictObject({ all: v.pipe(v.array(v.lazy(() => Condition)), v.minLength(1), v.maxLength(50)) }),
    v.strictObject({ any: v.pipe(v.array(v.lazy(() => Condition)), v.minLength(1), v.maxLength(50)) }),
    v.strictObject({ not: v.lazy(() => Condition) }),
  ],
  'Use {field, equals|notEquals|oneOf|notOneOf|gt|gte|lt|lte|answered} or {all}, {any}, {not}.',
);

/** A choice of a select, radio or checkboxes field; `points` feed the lead score and never leave the server. */
export const Option = v.strictObject({
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  label: Text,
  points: v.optional(v.pipe(v.number(), v.integer())),
});

const base = {
  key: FieldKey,
  label: Text,
  help: v.optional(Text),
  required: v.optional(v.boolean()),
  /** Shown (and so validated, required and stored) only when this holds. */
  showIf: v.optional(Condition),
};
const Length = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)));
/** The browser's autofill hint (`given-name`, `postal-code`, `off`, …); by default from the type or key. */
const Autocomplete = v.optional(
  v.pipe(v.string(), v.regex(/^[a-z0-9 -]{1,100}$/, 'Use an HTML autofill token, such as given-name.')),
);

const TextField = v.strictObject({
  ...base,
  type: v.picklist(['text', 'email', 'tel', 'url', 'textarea']),
  placeholder: v.optional(Text),
  autocomplete: Autocomplete,
  minLength: Length,
  maxLength: Length,
  /** A regular expression the whole answer must match, as in HTML's `pattern` attribute. */
  pattern: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(500),
      v.check((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'This is not a valid regular expression.'),
    ),
  ),
  patternMessage: v.optional(Text),
  default: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
});

const NumberField = v.strictObject({
  ...base,
  type: v.literal('number'),
  placeholder: v.optional(Text),
  autocomplete: Autocomplete,
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  /** Only whole numbers. */
  integer: v.optional(v.boolean()),
  default: v.optional(v.number()),
});

const Options = v.pipe(v.array(Option), v.minLength(1, 'Give at least one option.'), v.maxLength(200));

const ChoiceField = v.strictObject({
  ...base,
  type: v.picklist(['select', 'radio']),
  options: Options,
  autocomplete: Autocomplete,
  default: v.optional(v.string()),
});

const CheckboxesField = v.strictObject({
  ...base,
  type: v.literal('checkboxes'),
  options: Options,
  /** How many choices at least / at most (`required` means at least one). */
  min: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  max: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  default: v.optional(v.array(v.string())),
});

const CheckboxField = v.strictObject({
  ...base,
  type: v.literal('checkbox'),
  /** Points when checked. */
  points: v.optional(v.pipe(v.number(), v.integer())),
  default: v.optional(v.boolean()),
});

/** Filled by the widget, never shown: from a URL parameter (UTM included) or a `data-*` attribute of the tag. */
const HiddenField = v.strictObject({
  key: FieldKey,
  type: v.literal('hidden'),
  label: v.optional(Text),
  fromParam: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  fromData: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]*$/, 'Use the attribute name after data-.')),
  ),
  default: v.optional(v.pipe(v.string(), v.maxLength(500))),
  showIf: v.optional(Condition),
});

export const Field = v.variant('type', [
  TextField,
  NumberField,
  ChoiceField,
  CheckboxesField,
  CheckboxField,
  HiddenField,
]);

/** A consent as the visitor saw it. Never pre-checked; a required one must be granted to submit. */
export const Consent = v.strictObject({
  key: FieldKey,
  /** The exact text shown; `[label](https://…)` makes a link. */
  text: Text,
  required: v.optional(v.boolean()),
});

/** One page of a multi-step form. */
export const Step = v.strictObject({
  title: v.optional(Text),
  description: v.optional(Text),
  fields: v.pipe(v.array(Field), v.maxLength(100)),
  showIf: v.optional(Condition),
});

/** An absolute http(s) URL, or a path on the Leadgate server itself (`/demo/energy-guide`). */
const Link = v.union(
  [
    v.pipe(v.string(), v.maxLength(2048), v.regex(/^https?:\/\/\S+$/)),
    v.pipe(v.string(), v.maxLength(2048), v.regex(/^\/(?!\/)\S*$/)),
  ],
  'Use an http(s) URL or a path starting with /.',
);

/** What the visitor sees after submitting, chosen by the lead's tier. */
export const Outcome = v.strictObject({
  /** The success screen's heading; absent = "Thank you!" in the visitor's language. */
  title: v.optional(Text),
  message: Text,
  redirectUrl: v.optional(Link),
  downloadUrl: v.optional(Link),
  /** The download button's label; absent = "Download". */
  downloadLabel: v.optional(Text),
  /** The label of the button to `redirectUrl` when there is a download too; absent = "Continue". */
  continueLabel: v.optional(Text),
});

/** A qualification tier: a lead is in the highest tier whose `minScore` its score reaches. */
export const Tier = v.strictObject({
  name: FieldKey,
  minScore: v.pipe(v.number(), v.integer()),
  outcome: Outcome,
});

/** Points when a condition holds: per answer (`equals`) or per range (`gte`/`lt`). */
export const ScoringRule = v.strictObject({ when: Condition, points: v.pipe(v.number(), v.integer()) });

/** A hard disqualifier: when it holds the lead goes to `tier` whatever its score. */
export const Disqualifier = v.strictObject({ when: Condition, tier: FieldKey });

/**
 * A site that may send a form: its origin (`https://example.com`; compared as browsers send it, so case,
 * a default port and a trailing slash do not matter), `https://*.example.com` for any of its subdomains,
 * or `*` for any site (the demo form).
 */
export const AllowedOrigin = v.union([
  v.literal('*'),
  v.pipe(
    v.string(),
    v.regex(
      /^https?:\/\/[^/\s]+\/?$/i,
      'Use an origin like https://example.com or https://*.example.com, or *.',
    ),
  ),
]);

const FormObject = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use 1–64 lowercase letters, digits or -.')),
  title: Text,
  description: v.optional(Text),
  submitLabel: v.optional(Text),
  /** The language of plain-string texts, and the fallback for missing translations. */
  defaultLocale: v.optional(Locale),
  /** A one-page form lists `fields`; a multi-step form lists `steps` instead. */
  fields: v.optional(v.pipe(v.array(Field), v.maxLength(100))),
  steps: v.optional(v.pipe(v.array(Step), v.minLength(1), v.maxLength(20))),
  consents: v.optional(v.pipe(v.array(Consent), v.maxLength(20))),
  scoring: v.optional(v.pipe(v.array(ScoringRule), v.maxLength(200))),
  disqualifiers: v.optional(v.pipe(v.array(Disqualifier), v.maxLength(50))),
  tiers: v.pipe(v.array(Tier), v.minLength(1, 'A form needs at least one tier.'), v.maxLength(20)),
  allowedOrigins: v.optional(v.pipe(v.array(AllowedOrigin), v.maxLength(50))),
  /** What the widget shows once the form is archived; absent = "This form is closed." */
  closedMessage: v.optional(Text),
  /**
   * A submission must carry a proof of work that the widget computes while the visitor types (on unless
   * false). Turn it off only where pages cannot use it: it needs a secure context (https or localhost).
   */
  proofOfWork: v.optional(v.boolean()),
  /** Leads older than this many days are erased (with `lead.erased`); absent = kept until erased by hand. */
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36_500))),
});

type FormObject = v.InferOutput<typeof FormObject>;

/** How deeply `all`, `any` and `not` may nest: far beyond any real form's logic, and cheap to evaluate. */
export const MAX_CONDITION_DEPTH = 8;
/** Fields in all steps together: a lead form asks for a few; the per-step limit alone would allow 2,000. */
export const MAX_FIELDS = 100;

/** How many levels a condition has (a field test is 1), counted without recursion. */
function conditionDepth(condition: Condition): number {
  let deepest = 0;
  const stack: [Condition, number][] = [[condition, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [c, depth] = item;
    deepest = Math.max(deepest, depth);
    const children = 'all' in c ? c.all : 'any' in c ? c.any : 'not' in c ? [c.not] : [];
    for (const child of children) stack.push([child, depth + 1]);
  }
  return deepest;
}

const allFields = (d: FormObject) => d.steps?.flatMap((s) => s.fields) ?? d.fields ?? [];

/** The problems no single property shows: duplicates, dangling references, logic that looks ahead. */
function crossChecks(d: FormObject): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (!d.fields === !d.steps) problems.push({ path: ['steps'], message: 'Give either fields or steps.' });
  const seen = new Map<string, string>();
  const check = (condition: Condition | undefined, path: string[]) => {
    if (condition && conditionDepth(condition) > MAX_CONDITION_DEPTH) {
      problems.push({ path, message: `Nest all, any and not at most ${MAX_CONDITION_DEPTH} levels deep.` });
      return;
    }
    for (const key of condition ? conditionFields(condition) : []) {
      if (!seen.has(key)) problems.push({ path, message: `"${key}" is not a field that comes before this.` });
    }
  };
  const fieldsPath = (i: number, j: number) =>
    d.steps ? ['steps', String(i), 'fields', String(j)] : ['fields', String(j)];
  (d.steps ?? [{ fields: d.fields ?? [], showIf: undefined }]).forEach((step, i) => {
    check(step.showIf, ['steps', String(i), 'showIf']);
    step.fields.forEach((f, j) => {
      check(f.showIf, [...fieldsPath(i, j), 'showIf']);
      if (seen.has(f.key))
        problems.push({ path: [...fieldsPath(i, j), 'key'], message: `"${f.key}" is used twice.` });
      seen.set(f.key, f.type);
    });
  });
  const fieldCount = allFields(d).length;
  if (fieldCount === 0) problems.push({ path: ['fields'], message: 'A form needs at least one field.' });
  if (fieldCount > MAX_FIELDS)
    problems.push({
      path: [d.steps ? 'steps' : 'fields'],
      message: `A form has at most ${MAX_FIELDS} fields in all (this one has ${fieldCount}).`,
    });
  d.consents?.forEach((c, i) => {
    if (seen.has(c.key))
      problems.push({ path: ['consents', String(i), 'key'], message: `"${c.key}" is used twice.` });
    seen.set(c.key, 'consent');
  });
  const tiers = new Set<string>();
  d.tiers.forEach((t, i) => {
    if (tiers.has(t.name))
      problems.push({ path: ['tiers', String(i), 'name'], message: `"${t.name}" is used twice.` });
    tiers.add(t.name);
  });
  d.scoring?.forEach((r, i) => {
    check(r.when, ['scoring', String(i), 'when']);
  });
  d.disqualifiers?.forEach((q, i) => {
    check(q.when, ['disqualifiers', String(i), 'when']);
    if (!tiers.has(q.tier))
      problems.push({ path: ['disqualifiers', String(i), 'tier'], message: `No tier "${q.tier}".` });
  });
  return problems;
}

/** A whole form definition, checked property by property and then as a whole. */
export const FormDefinition = v.pipe(
  FormObject,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const p of crossChecks(dataset.value)) {
      const [first, ...rest] = p.path.map(
        (key) => ({ type: 'object', origin: 'value', input: dataset.value, key, value: undefined }) as const,
      );
      addIssue({ message: p.message, ...(first ? { path: [first, ...rest] } : {}) });
    }
  }),
);

export type FormDefinition = v.InferOutput<typeof FormDefinition>;
export type FormDefinitionInput = v.InferInput<typeof FormDefinition>;
export type Field = v.InferOutput<typeof Field>;
export type Consent = v.InferOutput<typeof Consent>;
export type Step = v.InferOutput<typeof Step>;
export type Outcome = v.InferOutput<typeof Outcome>;
export type LocalizedText = v.InferOutput<typeof Text>;
