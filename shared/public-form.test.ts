import { describe, expect, it } from 'vitest';
import { textParts } from './public-form.ts';

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
