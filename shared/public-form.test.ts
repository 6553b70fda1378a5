import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FormDefinition } from './form-definition.ts';
import { textParts, toPublicForm } from './public-form.ts';

describe('textParts', () => {
  it('splits a consent text into plain text and links', () => {
    expect(
      textParts('I agree to the [privacy notice](/privacy) and [terms](https://example.com/t).'),
    ).toEqual([
      'I agree to the ',
      { link: 'privacy notice', href: '/privacy' },
      ' and ',
      { link: 'terms', href: 'https://example.com/t' },
      '.',
    ]);
  });

  it('keeps text with no link, or with a link first, whole', () => {
    expect(textParts('Email me tips.')).toEqual(['Email me tips.']);
    expect(textParts('[Terms](/t)')).toEqual([{ link: 'Terms', href: '/t' }]);
  });

  it('links only http(s) URLs and server paths', () => {
    expect(textParts('[x](javascript:alert(1)) [y](mailto:a@b.c)')).toEqual([
      '[x](javascript:alert(1)) [y](mailto:a@b.c)',
    ]);
  });
});

describe('autofill hints', () => {
  const form = (fields: unknown[]) =>
    v.safeParse(FormDefinition, {
      id: 'f',
      title: 'F',
      tiers: [{ name: 't', minScore: 0, outcome: { message: 'ok' } }],
      fields,
    });

  it('come from the type or the key unless the field names its own', () => {
    const parsed = form([
      { key: 'work_email', type: 'email', label: 'Email' },
      { key: 'name', type: 'text', label: 'Name' },
      { key: 'company', type: 'text', label: 'Company', autocomplete: 'off' },
      { key: 'zip', type: 'text', label: 'ZIP', autocomplete: 'postal-code' },
      { key: 'notes', type: 'textarea', label: 'Notes' },
    ]);
    expect(parsed.success).toBe(true);
    const fields = toPublicForm(parsed.output as FormDefinition, 1).steps[0]?.fields ?? [];
    expect(fields.map((f) => ('autocomplete' in f ? f.autocomplete : undefined))).toEqual([
      'email',
      'name',
      'off',
      'postal-code',
      undefined,
    ]);
  });

  it('must be autofill tokens', () => {
    expect(form([{ key: 'a', type: 'text', label: 'A', autocomplete: '"><script>' }]).success).toBe(false);
  });
});

describe('hidden fields', () => {
  it('name the data-* attribute they read as the widget reads it, from dataset', () => {
    const def = v.parse(FormDefinition, {
      id: 'f',
      title: 'F',
      tiers: [{ name: 't', minScore: 0, outcome: { message: 'ok' } }],
      fields: [{ key: 'source', type: 'hidden', fromData: 'source-page-2' }],
    });
    expect(toPublicForm(def, 1).steps[0]?.fields[0]).toMatchObject({ fromData: 'sourcePage2' });
  });
});
