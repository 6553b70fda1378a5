import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { FormDefinition, toPublicForm } from './form-definition.ts';
import { toFieldIssue } from './submission.ts';

const problems = (input: unknown) => {
  const result = v.safeParse(FormDefinition, input);
  return result.success ? [] : result.issues.map(toFieldIssue);
};

describe('FormDefinition', () => {
  it('accepts the demo form', () => {
    expect(problems(demoForm)).toEqual([]);
  });

  it('names the path of each problem', () => {
    const broken = {
      ...demoForm,
      fields: [
        { key: 'Email Address', type: 'email', label: 'Email' },
        { key: 'x', type: 'colour', label: 'X' },
      ],
    };
    expect(problems(broken).map((p) => p.path)).toEqual(['fields.0.key', 'fields.1.type']);
  });

  it('rejects duplicate keys and tiers', () => {
    const dup = { ...demoForm, consents: [{ key: 'email', text: 'Yes' }] };
    expect(problems(dup).map((p) => p.message)).toEqual(['Field and consent keys must be unique.']);
  });
});

describe('toPublicForm', () => {
  it('hides scoring, tiers and allowed origins', () => {
    const pub = toPublicForm(v.parse(FormDefinition, demoForm), 3);
    const json = JSON.stringify(pub);
    expect(pub.version).toBe(3);
    expect(json).not.toContain('points');
    expect(json).not.toContain('sales_qualified');
    expect(json).not.toContain('allowedOrigins');
    expect(pub.fields.map((f) => f.key)).toEqual(['email', 'name', 'role', 'monthly_bill', 'timeline']);
  });
});
