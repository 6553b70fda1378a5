import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { FormDefinition } from './form-definition.ts';
import { toPublicForm } from './public-form.ts';
import { toFieldIssue } from './submission.ts';

const problems = (input: unknown) => {
  const result = v.safeParse(FormDefinition, input);
  return result.success ? [] : result.issues.map(toFieldIssue);
};
const tiers = [{ name: 'all', minScore: 0, outcome: { message: 'Thanks' } }];

describe('FormDefinition', () => {
  it('accepts the demo form', () => {
    expect(problems(demoForm)).toEqual([]);
  });

  it('names the path of each problem', () => {
    const broken = {
      id: 'f',
      title: 'F',
      tiers,
      fields: [
        { key: 'Email Address', type: 'email', label: 'Email' },
        { key: 'x', type: 'colour', label: 'X' },
        { key: 'y', type: 'text', label: 'Y', pattern: '([' },
      ],
    };
    expect(problems(broken).map((p) => p.path)).toEqual([
      'fields.0.key',
      'fields.1.type',
      'fields.2.pattern',
    ]);
  });

  it('refuses duplicate keys, logic that looks ahead and unknown tiers', () => {
    const def = {
      id: 'f',
      title: 'F',
      tiers,
      steps: [
        { fields: [{ key: 'a', type: 'text', label: 'A', showIf: { field: 'b', equals: 'x' } }] },
        {
          showIf: { field: 'nope', answered: true },
          fields: [
            { key: 'b', type: 'text', label: 'B' },
            { key: 'a', type: 'text', label: 'A' },
          ],
        },
      ],
      disqualifiers: [{ when: { field: 'a', equals: 'x' }, tier: 'gone' }],
    };
    expect(problems(def)).toEqual([
      { path: 'steps.0.fields.0.showIf', message: '"b" is not a field that comes before this.' },
      { path: 'steps.1.showIf', message: '"nope" is not a field that comes before this.' },
      { path: 'steps.1.fields.1.key', message: '"a" is used twice.' },
      { path: 'disqualifiers.0.tier', message: 'No tier "gone".' },
    ]);
  });

  it('wants either fields or steps, and unknown properties are errors', () => {
    expect(problems({ id: 'f', title: 'F', tiers }).map((p) => p.message)).toContain(
      'Give either fields or steps.',
    );
    expect(
      problems({
        id: 'f',
        title: 'F',
        tiers,
        fields: [{ key: 'a', type: 'text', label: 'A', colour: 'red' }],
      })[0]?.path,
    ).toBe('fields.0.colour');
  });
});

describe('toPublicForm', () => {
  const def = v.parse(FormDefinition, demoForm);

  it('hides scoring, tiers, disqualifiers and allowed origins', () => {
    const json = JSON.stringify(toPublicForm(def, 3));
    expect(JSON.parse(json).version).toBe(3);
    expect(json).not.toMatch(/points|sales_qualified|allowedOrigins|disqualif|scoring/);
  });

  it('resolves every text to the closest language, with the widget strings to match', () => {
    const de = toPublicForm(def, 1, 'de-CH');
    expect(de.locale).toBe('de');
    expect(de.title).toBe('Ihr Leitfaden für niedrigere Energiekosten');
    expect(de.steps[1]?.fields[0]).toMatchObject({ label: 'Was beschreibt Sie am besten?' });
    expect(de.strings.next).toBe('Weiter');
    const fallback = toPublicForm(def, 1, 'ja');
    expect(fallback.locale).toBe('en');
    expect(fallback.strings.back).toBe('Back');
    expect(fallback.steps[0]?.fields[1]).toMatchObject({ label: 'Name' });
  });

  it('gives a one-page form one step', () => {
    const one = v.parse(FormDefinition, {
      id: 'f',
      title: 'F',
      tiers,
      fields: [{ key: 'a', type: 'text', label: 'A' }],
    });
    expect(toPublicForm(one, 1).steps).toEqual([{ fields: [{ key: 'a', type: 'text', label: 'A' }] }]);
  });
});
