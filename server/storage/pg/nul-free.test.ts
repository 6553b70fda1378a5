import { describe, expect, it } from 'vitest';
import { nulFree, nulFreeJson } from './nul-free.ts';

describe('nulFree', () => {
  it('replaces U+0000 in text, and leaves text without one as it is', () => {
    expect(nulFree('A\0da\0')).toBe('A\uFFFDda\uFFFD');
    const plain = 'Ada \\u0000';
    expect(nulFree(plain)).toBe(plain);
  });
});

describe('nulFreeJson', () => {
  it('replaces the \\u0000 escape, but not six characters a person typed after a backslash', () => {
    const json = JSON.stringify({ 'k\0': 'a\0b', typed: '\\u0000', both: '\\\0' });
    expect(JSON.parse(nulFreeJson(json))).toEqual({
      'k\uFFFD': 'a\uFFFDb',
      typed: '\\u0000',
      both: '\\\uFFFD',
    });
    expect(nulFreeJson('{"a":"b"}')).toBe('{"a":"b"}');
  });
});
