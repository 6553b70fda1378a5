import { describe, expect, it } from 'vitest';
import { MAX_UTM_LENGTH, referrerHost, sourceOf, utmValue } from './dimensions.ts';

describe('referrerHost', () => {
  it('keeps only the host, lowercased, without www., port or user', () => {
    expect(referrerHost('https://WWW.Example.com:8443/path?email=ada@example.com#x')).toBe('example.com');
    expect(referrerHost('http://user:pass@news.example/')).toBe('news.example');
    expect(referrerHost('news.example')).toBe('news.example');
    expect(referrerHost('android-app://com.google.android.gm/')).toBe('com.google.android.gm');
  });

  it('is none when empty, not a host, or the page’s own site', () => {
    expect(referrerHost('')).toBe('');
    expect(referrerHost(undefined)).toBe('');
    expect(referrerHost('<script>')).toBe('');
    expect(referrerHost('x'.repeat(300))).toBe('');
    expect(referrerHost('https://shop.example/a', 'https://shop.example')).toBe('');
  });
});

describe('utmValue and sourceOf', () => {
  it('trims, lowercases, drops control characters and cuts', () => {
    expect(utmValue('  Spring\nSale ')).toBe('springsale');
    expect(utmValue('x'.repeat(500))).toHaveLength(MAX_UTM_LENGTH);
    expect(utmValue(42)).toBe('');
  });

  it('counts source, medium and campaign only', () => {
    expect(
      sourceOf({ utm_source: 'A', utm_term: 'secret', utm_campaign: 'c' }, 'https://b.example/x'),
    ).toEqual({
      utmSource: 'a',
      utmMedium: '',
      utmCampaign: 'c',
      referrer: 'b.example',
    });
  });
});
