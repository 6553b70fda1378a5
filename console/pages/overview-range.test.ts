import { describe, expect, it } from 'vitest';
import { daysIn, lastDays, queryOf, rangeOf } from './overview-range.ts';

const NOW = Date.parse('2026-11-26T15:00:00Z');
const range = (q: string) => rangeOf(new URLSearchParams(q), NOW);

describe('the Overview range', () => {
  it('is the last 30 UTC days, today included, by default', () => {
    expect(range('')).toEqual({
      since: '2026-10-28',
      until: '2026-11-26',
      preset: 30,
      formId: undefined,
      by: 'utm_source',
    });
    expect(daysIn('2026-10-28', '2026-11-26')).toBe(30);
  });

  it('takes a preset, or a custom range, a form and a breakdown', () => {
    expect(range('days=7')).toMatchObject({ since: '2026-11-20', until: '2026-11-26', preset: 7 });
    expect(range('from=2026-03-01&to=2026-03-31&form=demo-ebook&by=referrer')).toEqual({
      since: '2026-03-01',
      until: '2026-03-31',
      preset: undefined,
      formId: 'demo-ebook',
      by: 'referrer',
    });
  });

  it('falls back to the default for what the API would refuse', () => {
    for (const q of [
      'days=12',
      'from=2026-03-10&to=2026-03-01',
      'from=2026-02-30&to=2026-03-01',
      'from=2024-01-01&to=2026-01-01',
      'from=2026-03-01',
    ]) {
      expect(range(q)).toMatchObject({ since: '2026-10-28', until: '2026-11-26', preset: 30 });
    }
    expect(range('by=utm_term').by).toBe('utm_source');
  });

  it('writes back what it reads, defaults left out', () => {
    for (const q of ['', 'days=7', 'form=x&from=2026-03-01&to=2026-03-31&by=utm_campaign']) {
      const r = range(q);
      const written = new URLSearchParams(
        Object.entries(queryOf(r)).filter((e): e is [string, string] => e[1] !== undefined),
      );
      expect(rangeOf(written, NOW)).toEqual(r);
    }
    expect(queryOf(range(''))).toEqual({ form: undefined, days: undefined, by: undefined });
  });

  it('counts back across a month', () => {
    expect(lastDays(7, '2026-03-03')).toEqual({ since: '2026-02-25', until: '2026-03-03' });
  });
});
