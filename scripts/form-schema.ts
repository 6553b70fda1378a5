/**
 * Writes docs/form-definition.schema.json, the JSON Schema of the form-definition language, generated from
 * its valibot schema (server/openapi/form-definition-schema.ts) so the two cannot drift.
 * `npm run docs:schema`; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formSchemaJson } from '../server/openapi/form-definition-schema.ts';

export { formSchemaJson } from '../server/openapi/form-definition-schema.ts';
export const SCHEMA_PATH = fileURLToPath(new URL('../docs/form-definition.schema.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, formSchemaJson());
  console.log(`wrote ${SCHEMA_PATH}`);
}
