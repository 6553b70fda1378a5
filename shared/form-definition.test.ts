import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { FormDefinition, MAX_CONDITION_DEPTH, MAX_FIELDS } from './form-definition.ts';
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

  it('bounds how deeply conditions nest and how many fields a form has in all', () => {
    const nest = (depth: number) => {
      let c: unknown = { field: 'a', answered: true };
      for (let i = 1; i < depth; i++) c = i % 2 ? { not: c } : { all: [c] };
      return c;
    };
    const form = (showIf: unknown) => ({
      id: 'f',
      title: 'F',
      tiers,
      fields: [
        { key: 'a', type: 'text', label: 'A' },
        { key: 'b', type: 'text', label: 'B', showIf },
      ],
      scoring: [{ when: showIf, points: 1 }],
    });
    expect(problems(form(nest(MAX_CONDITION_DEPTH)))).toEqual([]);
    const message = `Nest all, any and not at most ${MAX_CONDITION_DEPTH} levels deep.`;
    expect(problems(form(nest(MAX_CONDITION_DEPTH + 1)))).toEqual([
      { path: 'fields.1.showIf', message },
      { path: 'scoring.0.when', message },
    ]);

    const fields = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({ key: `f${from + i}`, type: 'text', label: 'F' }));
    const steps = Array.from({ length: 3 }, (_, i) => ({ fields: fields(40, i * 40) }));
    expect(problems({ id: 'f', title: 'F', tiers, steps })).toEqual([
      { path: 'steps', message: `A form has at most ${MAX_FIELDS} fields in all (this one has 120).` },
    ]);
    expect(problems({ id: 'f', title: 'F', tiers, steps: steps.slice(0, 2) })).toEqual([]);
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
