import { readFileSync } from 'node:fs';
import Ajv from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { formSchemaJson, SCHEMA_PATH } from './form-schema.ts';

describe('docs/form-definition.schema.json', () => {
  it('is what the valibot schema generates (run `npm run docs:schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(formSchemaJson());
  });

  it('accepts the demo form and refuses a broken one, as an editor would', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(formSchemaJson()));
    expect(validate(demoForm), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...demoForm, steps: [{ fields: [{ key: 'x', type: 'colour', label: 'X' }] }] })).toBe(
      false,
    );
    expect(validate({ ...demoForm, tiers: [] })).toBe(false);
  });
});
