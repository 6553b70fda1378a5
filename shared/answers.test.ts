import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { ANSWER_CASES, VALID } from './answer-cases.ts';
import { checkAnswers, checkRules, issueMessage } from './answers.ts';
import { FormDefinition, type FormDefinitionInput } from './form-definition.ts';
import { toPublicForm } from './public-form.ts';

const demo = toPublicForm(v.parse(FormDefinition, demoForm), 1);
const formOf = (def: Omit<FormDefinitionInput, 'id' | 'title' | 'tiers'>) =>
  toPublicForm(
    v.parse(FormDefinition, {
      id: 'f',
      title: 'F',
      tiers: [{ name: 't', minScore: 0, outcome: { message: 'ok' } }],
      ...def,
    }),
    1,
  );
const codes = (r: ReturnType<typeof checkAnswers>) => r.issues.map((i) => `${i.path}: ${i.code}`);

describe('checkAnswers on the shared case table', () => {
  it.each(ANSWER_CASES)('$name', ({ answers, consents, issues }) => {
    expect(codes(checkAnswers(demo, { answers, consents: consents ?? VALID.consents }))).toEqual(issues);
  });
});

describe('checkAnswers', () => {
  it('keeps only visible, valid answers, trimmed, and records every consent', () => {
    const r = checkAnswers(demo, {
      answers: { ...VALID.answers, email: ' ada@example.com ', role: 'homeowner', properties: 3 },
      consents: { privacy: true },
    });
    expect(r.issues).toEqual([]);
    expect(r.answers).toEqual({
      ...VALID.answers,
      role: 'homeowner',
      properties: undefined,
      email: 'ada@example.com',
    });
    expect(Object.keys(r.answers)).not.toContain('properties');
    expect(r.consents).toEqual({ privacy: true, marketing: false });
    expect(r.shown.has('properties')).toBe(false);
  });

  it('refuses what only another client can send, once per path, where the widget runs only the rules', () => {
    const form = formOf({
      fields: [{ key: 'agree', type: 'checkbox', label: 'Agree', required: true }],
      consents: [{ key: 'privacy', text: 'Store my answers.', required: true }],
    });
    const input = { answers: { agree: 'yes', extra: 1 }, consents: { privacy: 'yes', other: true } };
    expect(codes(checkAnswers(form, input))).toEqual([
      'answers.agree: boolean',
      'answers.extra: unknown',
      'consents.privacy: boolean',
      'consents.other: unknown',
    ]);
    expect(codes(checkRules(form, input))).toEqual([
      'answers.agree: required',
      'consents.privacy: must_accept',
    ]);
  });

  it('judges only the given step, and the consents on the last step shown', () => {
    expect(codes(checkAnswers(demo, { answers: {} }, 0))).toEqual(['answers.email: required']);
    expect(codes(checkAnswers(demo, { answers: { role: 'landlord' } }, 1))).toEqual([
      'answers.properties: required',
      'answers.monthly_bill: required',
    ]);
    expect(codes(checkAnswers(demo, { answers: {} }, 2))).toEqual([
      'answers.timeline: required',
      'consents.privacy: must_accept',
    ]);
  });

  it('shows and hides whole steps by logic', () => {
    const form = formOf({
      steps: [
        { fields: [{ key: 'company', type: 'checkbox', label: 'For a company?' }] },
        {
          showIf: { field: 'company', equals: true },
          fields: [{ key: 'size', type: 'number', label: 'Size', required: true }],
        },
        { fields: [{ key: 'note', type: 'textarea', label: 'Note' }] },
      ],
    });
    expect(checkAnswers(form, { answers: { company: false } }).steps).toEqual([0, 2]);
    expect(checkAnswers(form, { answers: { company: false, size: 'x' } }).issues).toEqual([]);
    const shown = checkAnswers(form, { answers: { company: true } });
    expect(shown.steps).toEqual([0, 1, 2]);
    expect(codes(shown)).toEqual(['answers.size: required']);
  });

  it('checks patterns, lengths, urls, phone numbers, choices and single checkboxes', () => {
    const form = formOf({
      fields: [
        {
          key: 'code',
          type: 'text',
          label: 'Code',
          pattern: '[A-Z]{3}-\\d{2}',
          patternMessage: 'Like ABC-12.',
        },
        { key: 'site', type: 'url', label: 'Site' },
        { key: 'phone', type: 'tel', label: 'Phone' },
        { key: 'bio', type: 'textarea', label: 'Bio', minLength: 10 },
        {
          key: 'tools',
          type: 'checkboxes',
          label: 'Tools',
          min: 1,
          max: 2,
          options: [
            { value: 'a', label: 'A' },
            { value: 'b', label: 'B' },
            { value: 'c', label: 'C' },
          ],
        },
        { key: 'terms', type: 'checkbox', label: 'I have read the terms', required: true },
      ],
    });
    const bad = checkAnswers(form, {
      answers: {
        code: 'ABC-123',
        site: 'javascript:alert(1)',
        phone: 'call me',
        bio: 'short',
        tools: ['a', 'b', 'c'],
        terms: false,
      },
    });
    expect(codes(bad)).toEqual([
      'answers.code: pattern',
      'answers.site: url',
      'answers.phone: tel',
      'answers.bio: min_length',
      'answers.tools: max_choices',
      'answers.terms: required',
    ]);
    expect(issueMessage(bad.issues[0] as never, form)).toBe('Like ABC-12.');
    expect(issueMessage(bad.issues[3] as never, form)).toBe('Use at least 10 characters.');
    const good = checkAnswers(form, {
      answers: {
        code: 'ABC-12',
        site: 'https://example.com',
        phone: '+49 30 1234567',
        bio: 'long enough',
        tools: ['a', 'a'],
        terms: true,
      },
    });
    expect(good.issues).toEqual([]);
    expect(good.answers.tools).toEqual(['a']);
  });

  it('explains issues in the form language', () => {
    const de = toPublicForm(v.parse(FormDefinition, demoForm), 1, 'de-AT');
    const r = checkAnswers(de, { answers: { ...VALID.answers, email: 'nope' }, consents: VALID.consents });
    expect(r.issues.map((i) => issueMessage(i, de))).toEqual(['Geben Sie eine gültige E-Mail-Adresse ein.']);
  });
});
