/**
 * The public form (`GET /v1/forms/:formId`) as a valibot schema, for the OpenAPI document: made from the
 * form language's own field, step and consent schemas the way `toPublicForm` makes the form (public-form.ts):
 * texts in one language, options without points, steps always, the widget's words and a fresh challenge.
 */
import * as v from 'valibot';
import { Condition, Field, Text } from './form-definition.ts';
import { ProofSchema } from './submission.ts';

type Entries = Record<string, v.GenericSchema>;

/** A definition's entries as the visitor gets them: each text a string, options without points. */
function publicEntries(entries: Entries): Entries {
  const out: Entries = {};
  for (const [key, schema] of Object.entries(entries)) {
    if (key === 'points') continue;
    if (schema === Text) out[key] = v.string();
    else if (
      schema.type === 'optional' &&
      (schema as v.OptionalSchema<v.GenericSchema, never>).wrapped === Text
    )
      out[key] = v.optional(v.string());
    else if (key === 'options') out[key] = v.array(v.object({ value: v.string(), label: v.string() }));
    // The widget reads `data-source-page` as `dataset.sourcePage`: sent in camelCase.
    else if (key === 'fromData') out[key] = v.optional(v.string());
    else out[key] = schema;
  }
  return out;
}

/** A field as the widget gets it. */
export const PublicField = v.variant(
  'type',
  Field.options.map((option) => v.object(publicEntries(option.entries))) as unknown as [
    v.ObjectSchema<{ type: v.StringSchema<undefined> }, undefined>,
  ],
);

/** A consent's text as shown: plain text, and links written `[label](url)` in the definition. */
const TextPart = v.union([v.string(), v.object({ link: v.string(), href: v.string() })]);

/** `GET /v1/forms/:formId`: the form in one language, as the widget renders it. */
export const PublicFormSchema = v.object({
  id: v.string(),
  version: v.number(),
  locale: v.pipe(v.string(), v.description('The language the texts are in.')),
  title: v.string(),
  description: v.optional(v.string()),
  submitLabel: v.optional(v.string()),
  steps: v.array(
    v.object({
      title: v.optional(v.string()),
      description: v.optional(v.string()),
      showIf: v.optional(Condition),
      fields: v.array(PublicField),
    }),
  ),
  consents: v.array(
    v.object({
      key: v.string(),
      text: v.string(),
      parts: v.array(TextPart),
      required: v.optional(v.boolean()),
    }),
  ),
  strings: v.pipe(v.record(v.string(), v.string()), v.description("The widget's own words in `locale`.")),
  originAllowed: v.pipe(
    v.optional(v.literal(false)),
    v.description(
      '`false` when the page that asked (its `Origin`) may not send this form; absent otherwise.',
    ),
  ),
  challenge: v.pipe(
    v.optional(ProofSchema),
    v.description('Fresh with every fetch unless the bot checks are off: solve it, send it back as `proof`.'),
  ),
});
