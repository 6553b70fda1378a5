import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { testApp } from '../../tests/support/test-app.ts';
import { createForm } from './form-store.ts';
import { isLinearPattern } from './pattern-safety.ts';

const CATASTROPHIC = ['(a+)+', '(a|a)*', '(a|aa)+', '(\\w+\\s?)+', '^(\\d+)*$', 'a*a*a*b', '\\d+\\d+x'];
const SAFE = [
  '[A-Z]{2}\\d{4}',
  '^[a-z0-9-]+$',
  '(\\+\\d{1,3})?\\d{6,12}',
  '[0-9]{5}(-[0-9]{4})?',
  '[a-z]+(-[a-z]+)*',
  '[A-Za-z]+( [A-Za-z]+)*',
  '.+@company\\.com',
];

const form = (pattern: string): FormDefinition => ({
  id: 'codes',
  title: 'Codes',
  tiers: [{ name: 'all', minScore: 0, outcome: { message: 'Thanks' } }],
  fields: [
    { key: 'email', type: 'email', label: 'Email' },
    { key: 'code', type: 'text', label: 'Code', pattern },
  ],
});

describe('isLinearPattern', () => {
  it.each(CATASTROPHIC)('refuses %s, which backtracks catastrophically', (pattern) => {
    expect(isLinearPattern(pattern)).toBe(false);
  });

  it.each(SAFE)('accepts %s', (pattern) => {
    expect(isLinearPattern(pattern)).toBe(true);
  });
});

describe('patterns in form definitions', () => {
  it('refuses to save one that can backtrack catastrophically, naming where it is', async () => {
    const t = testApp();
    const res = await t.admin('/v1/admin/forms', { method: 'POST', body: form('(a+)+') });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([
      { path: 'fields.1.pattern', message: expect.stringMatching(/catastrophic backtracking/) },
    ]);
    const { fields, ...rest } = form('[A-Z]{2}\\d{4}');
    const steps = [{ fields: fields ?? [] }];
    expect((await t.admin('/v1/admin/forms', { method: 'POST', body: { ...rest, steps } })).status).toBe(201);
    steps[0]?.fields.push({ key: 'name', type: 'text', label: 'Name', pattern: '(\\w+\\s?)+' });
    const put = await t.admin('/v1/admin/forms/codes', { method: 'PUT', body: { ...rest, steps } });
    expect(put.status).toBe(422);
    expect((await put.json()).error.issues[0].path).toBe('steps.0.fields.2.pattern');
  });

  it('runs a stored one on neither side: the public form omits it and the server does not apply it', async () => {
    const t = testApp();
    createForm(t.db, form('(a+)+'));
    const field = (await (await t.app.request('/v1/forms/codes')).json()).steps[0].fields[1];
    expect(field).toMatchObject({ key: 'code' });
    expect(field).not.toHaveProperty('pattern');
    const res = await t.app.request('/v1/forms/codes/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { email: 'ada@example.com', code: `${'a'.repeat(41)}!` } }),
    });
    expect(res.status).toBe(201);
  });
});
