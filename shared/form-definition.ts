/**
 * The form-definition language: one valibot schema that the admin API validates, the server compiles to a
 * submission validator, and the widget renders. Types are derived from it, never written twice.
 */
import * as v from 'valibot';

/** Field keys become JSON keys, CSV columns and dot paths (`answers.work_email`), so keep them plain. */
export const FieldKey = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'Use 1–64 lowercase letters, digits or _, starting with a letter.'),
);

const Text = v.pipe(v.string(), v.trim(), v.minLength(1, 'Must not be empty.'), v.maxLength(2000));

const fieldBase = {
  key: FieldKey,
  label: Text,
  placeholder: v.optional(Text),
  help: v.optional(Text),
  required: v.optional(v.boolean(), false),
};

/** A choice of a select or radio field; `points` feed the lead score and never leave the server. */
export const Option = v.object({
  value: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  label: Text,
  points: v.optional(v.pipe(v.number(), v.integer()), 0),
});

const TextField = v.object({
  ...fieldBase,
  type: v.picklist(['text', 'email', 'tel', 'url', 'textarea']),
  minLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))),
});

const NumberField = v.object({
  ...fieldBase,
  type: v.literal('number'),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
});

const ChoiceField = v.object({
  ...fieldBase,
  type: v.picklist(['select', 'radio']),
  options: v.pipe(v.array(Option), v.minLength(1, 'Give at least one option.'), v.maxLength(200)),
});

export const Field = v.variant('type', [TextField, NumberField, ChoiceField]);

/** A consent as the visitor saw it. Never pre-checked; a required one must be granted to submit. */
export const Consent = v.object({
  key: FieldKey,
  text: Text,
  required: v.optional(v.boolean(), false),
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
export const Outcome = v.object({
  message: Text,
  redirectUrl: v.optional(Link),
  downloadUrl: v.optional(Link),
});

/** A qualification tier: the first tier (highest `minScore` first) the score reaches is the lead's. */
export const Tier = v.object({
  name: FieldKey,
  minScore: v.pipe(v.number(), v.integer()),
  outcome: Outcome,
});

/** `*` accepts any origin (the demo form); otherwise exact origins like `https://example.com`. */
const AllowedOrigin = v.union([
  v.literal('*'),
  v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s]+$/, 'Use an origin like https://example.com, or *.')),
]);

const isUnique = (keys: string[]): boolean => new Set(keys).size === keys.length;

export const FormDefinition = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use 1–64 lowercase letters, digits or -.')),
    title: Text,
    description: v.optional(Text),
    submitLabel: v.optional(Text),
    fields: v.pipe(v.array(Field), v.minLength(1, 'A form needs at least one field.'), v.maxLength(100)),
    consents: v.optional(v.pipe(v.array(Consent), v.maxLength(20)), []),
    tiers: v.pipe(v.array(Tier), v.minLength(1, 'A form needs at least one tier.'), v.maxLength(20)),
    allowedOrigins: v.optional(v.pipe(v.array(AllowedOrigin), v.maxLength(50)), []),
  }),
  v.check(
    (d) => isUnique([...d.fields, ...d.consents].map((f) => f.key)),
    'Field and consent keys must be unique.',
  ),
  v.check((d) => isUnique(d.tiers.map((t) => t.name)), 'Tier names must be unique.'),
);

export type FormDefinition = v.InferOutput<typeof FormDefinition>;
export type FormDefinitionInput = v.InferInput<typeof FormDefinition>;
export type Field = v.InferOutput<typeof Field>;
export type Consent = v.InferOutput<typeof Consent>;
export type Outcome = v.InferOutput<typeof Outcome>;

/** What a browser may see of a form: no scoring, tiers or origin list. */
export type PublicForm = {
  id: string;
  version: number;
  title: string;
  description?: string;
  submitLabel?: string;
  fields: PublicField[];
  consents: Consent[];
};
export type PublicField = Field extends infer F
  ? F extends { options: unknown }
    ? Omit<F, 'options'> & { options: { value: string; label: string }[] }
    : F
  : never;

/** Strips admin-only parts of a definition for the public API and the widget. */
export function toPublicForm(def: FormDefinition, version: number): PublicForm {
  const fields = def.fields.map(
    (f): PublicField =>
      'options' in f ? { ...f, options: f.options.map(({ value, label }) => ({ value, label })) } : f,
  );
  return {
    id: def.id,
    version,
    title: def.title,
    ...(def.description === undefined ? {} : { description: def.description }),
    ...(def.submitLabel === undefined ? {} : { submitLabel: def.submitLabel }),
    fields,
    consents: def.consents,
  };
}
