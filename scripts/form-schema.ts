/**
 * Writes docs/form-definition.schema.json, the JSON Schema of the form-definition language, generated from
 * its valibot schema so the two cannot drift. `npm run docs:schema`; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
} from '../shared/form-definition.ts';

export const SCHEMA_PATH = fileURLToPath(new URL('../docs/form-definition.schema.json', import.meta.url));

/** The JSON Schema as committed (2-space JSON with a trailing newline). */
export function formSchemaJson(): string {
  const schema = toJsonSchema(FormDefinition, {
    // Cross-field checks (unique keys, logic that reads earlier fields only) have no JSON Schema form;
    // the API reports them with paths.
    errorMode: 'ignore',
    definitions: { Text, Condition, Option, Field, Step, Consent, Outcome, Tier, ScoringRule, Disqualifier },
  });
  return `${JSON.stringify(
    {
      ...schema,
      $id: 'https://leadgate.dev/schemas/form-definition.json',
      title: 'Leadgate form definition',
      description: 'A form for POST /v1/admin/forms. See docs/forms.md.',
    },
    null,
    2,
  )}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, formSchemaJson());
  console.log(`wrote ${SCHEMA_PATH}`);
}
