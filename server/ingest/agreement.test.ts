/**
 * Widget and server agree: the shared case table goes through the checker and the server's API, and random
 * answers through what the widget does (its inputs → `toAnswers` → `checkRules`) and the API; each pair
 * must reach the same verdict with the same issue paths.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ANSWER_CASES, VALID } from '../../shared/answer-cases.ts';
import { checkAnswers, checkRules } from '../../shared/answers.ts';
import { FormDefinition } from '../../shared/form-definition.ts';
import { toPublicForm } from '../../shared/public-form.ts';
import { testApp } from '../../tests/support/test-app.ts';
import { toAnswers } from '../../widget/to-answers.ts';
import { demoForm } from '../forms/demo-form.ts';

const form = toPublicForm(v.parse(FormDefinition, demoForm), 1);
const { app } = testApp();

async function serverPaths(answers: unknown, consents: unknown): Promise<string[]> {
  const res = await app.request('/v1/forms/demo-ebook/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers, consents }),
  });
  if (res.status === 201) return [];
  expect(res.status).toBe(422);
  return (await res.json()).error.issues.map((i: { path: string }) => i.path);
}

describe('widget and server agree', () => {
  it.each(ANSWER_CASES)('on $name', async ({ answers, consents, issues }) => {
    const c = consents ?? VALID.consents;
    const expected = issues.map((i) => i.split(':')[0]);
    expect(checkAnswers(form, { answers, consents: c }).issues.map((i) => i.path)).toEqual(expected);
    expect(await serverPaths(answers, c)).toEqual(expected);
  });

  it('on random input values', async () => {
    // What inputs can hold: strings (text, number and select inputs), choice lists, checkbox states.
    const raw = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        'ada@example.com',
        'ada@',
        'landlord',
        'renter',
        'over_300',
        'this_year',
        '7',
        '0',
        '2.5',
      ),
      fc.string({ maxLength: 8 }),
      fc.subarray(['insulation', 'heat_pump', 'solar', 'jacuzzi']),
      fc.boolean(),
    );
    const keys = form.steps.flatMap((s) => s.fields.map((f) => f.key));
    const values = fc.record(Object.fromEntries(keys.map((k) => [k, raw])), { requiredKeys: [] });
    const consents = fc.record({ privacy: fc.boolean(), marketing: fc.boolean() }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(values, consents, async (vals, cons) => {
        const answers = toAnswers(form, vals);
        const widget = checkRules(form, { answers, consents: cons }).issues.map((i) => i.path);
        expect(await serverPaths(answers, cons)).toEqual(widget);
      }),
      { numRuns: 150 },
    );
  });
});
