import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { FormDefinition, toPublicForm } from './form-definition.ts';
import { compileSubmission } from './submission.ts';

const form = toPublicForm(v.parse(FormDefinition, demoForm), 1);
const validate = compileSubmission(form);
const good = {
  answers: { email: 'ada@example.com', role: 'landlord', monthly_bill: 'over_300', timeline: 'this_year' },
  consents: { privacy: true },
};

const pathsOf = (input: { answers: unknown; consents?: unknown }) => {
  const result = validate(input);
  return result.success ? [] : result.issues.map((i) => i.path);
};
const messagesOf = (input: { answers: unknown; consents?: unknown }) => {
  const result = validate(input);
  return result.success ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('compileSubmission', () => {
  it('accepts a complete submission and fills optional consents with false', () => {
    const result = validate(good);
    expect(result).toEqual({
      success: true,
      output: { answers: good.answers, consents: { privacy: true, marketing: false } },
    });
  });

  it('trims text and drops empty optional answers', () => {
    const result = validate({ ...good, answers: { ...good.answers, email: '  ada@example.com ', name: '' } });
    expect(result.success && result.output.answers).toEqual(good.answers);
  });

  it.each([
    ['a missing required field', { ...good.answers, email: undefined }, ['answers.email']],
    ['an empty required field', { ...good.answers, email: '' }, ['answers.email']],
    ['a malformed email', { ...good.answers, email: 'ada@' }, ['answers.email']],
    ['an option that does not exist', { ...good.answers, role: 'king' }, ['answers.role']],
    ['a wrong type', { ...good.answers, name: 42 }, ['answers.name']],
    ['an unknown field', { ...good.answers, score: 100 }, ['answers.score']],
  ])('reports %s at its path', (_, answers, paths) => {
    expect(pathsOf({ answers, consents: good.consents })).toEqual(paths);
  });

  it('says what is wrong in words a visitor understands', () => {
    expect(messagesOf({ answers: { ...good.answers, email: undefined, extra: 'x' }, consents: {} })).toEqual([
      'answers.email: This field is required.',
      'answers.extra: Unknown field.',
      'consents.privacy: Please accept this to continue.',
    ]);
    expect(
      messagesOf({ answers: { ...good.answers, email: '' }, consents: { privacy: true, spam: true } }),
    ).toEqual(['answers.email: This field is required.', 'consents.spam: Unknown consent.']);
  });

  it('requires required consents to be granted, not just present', () => {
    expect(pathsOf({ answers: good.answers, consents: { privacy: false } })).toEqual(['consents.privacy']);
    expect(pathsOf({ answers: good.answers })).toEqual(['consents.privacy']);
  });

  it('rejects unknown consents and non-boolean decisions', () => {
    expect(pathsOf({ answers: good.answers, consents: { privacy: true, sell_my_data: true } })).toEqual([
      'consents.sell_my_data',
    ]);
    expect(pathsOf({ answers: good.answers, consents: { privacy: true, marketing: 'yes' } })).toEqual([
      'consents.marketing',
    ]);
  });

  it('checks number bounds', () => {
    const numeric = compileSubmission({
      fields: [{ key: 'seats', type: 'number', label: 'Seats', required: true, min: 1, max: 500 }],
      consents: [],
    });
    expect(numeric({ answers: { seats: 12 } }).success).toBe(true);
    for (const seats of [0, 501, '12', Number.NaN])
      expect(numeric({ answers: { seats } }).success).toBe(false);
  });
});
