/**
 * The JSON Schema of the form-definition language, generated from its valibot schema so the two cannot
 * drift: committed as docs/form-definition.schema.json (`npm run docs:schema`), served at
 * /docs/form-definition.schema.json and embedded in the OpenAPI document. JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1, so the document can hold it as it is.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import {
  Condition,
  Consent,
  Disqualifier,
  Field,
  FormDefinition,
  Option,
  Outcome,
  ScoringRule,
  Step,
  Text,
  Tier,
} from '../../shared/form-definition.ts';

/** Where the schema says it lives; a name, not fetched by anything. */
export const FORM_SCHEMA_ID = 'https://leadgate.dev/schemas/form-definition.json';

/** The form-definition JSON Schema, as an object. */
export function formDefinitionSchema(): Record<string, unknown> {
  const schema = toJsonSchema(FormDefinition, {
    target: 'draft-2020-12',
    // Cross-field checks (unique keys, logic that reads earlier fields only) have no JSON Schema form;
    // the API reports them with paths.
    errorMode: 'ignore',
    definitions: { Text, Condition, Option, Field, Step, Consent, Outcome, Tier, ScoringRule, Disqualifier },
  });
  return {
    ...schema,
    $id: FORM_SCHEMA_ID,
    title: 'Leadgate form definition',
    description: 'A form for POST /v1/admin/forms. See docs/forms.md.',
  };
}

/** The schema as committed and served (2-space JSON with a trailing newline). */
export function formSchemaJson(): string {
  return `${JSON.stringify(formDefinitionSchema(), null, 2)}\n`;
}
