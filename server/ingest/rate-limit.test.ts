import { describe, expect, it } from 'vitest';
import { rateLimiter } from './rate-limit.ts';

const at = (ms: number) => () => ms;

describe('rateLimiter', () => {
  it('allows the limit per key and window, then says when to retry', () => {
    let t = 90_000;
    const take = rateLimiter(2, { now: () => t });
    expect(take('a|f')).toEqual({ allowed: true });
    expect(take('a|f')).toEqual({ allowed: true });
    expect(take('a|f')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(take('b|f')).toEqual({ allowed: true });
    t = 120_000;
    expect(take('a|f')).toEqual({ allowed: true });
  });

  it('remembers at most maxKeys keys, whatever arrives within one window', () => {
    const take = rateLimiter(5, { now: at(0), maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) take(`203.0.113.${i % 250}|form-${i}`);
    expect(take.size()).toBe(100);
    take(`x|${'f'.repeat(100_000)}`);
    expect(take.size()).toBe(100);
  });

  it('keeps a held-back client held back however many fresh keys flood in', () => {
    const take = rateLimiter(2, { now: at(0), maxKeys: 10 });
    take('abuser|demo');
    take('abuser|demo');
    take('regular|demo');
    take('regular|demo');
    expect(take('abuser|demo').allowed).toBe(false);
    for (let i = 0; i < 10_000; i++) take(`fresh-${i}|demo`);
    expect(take('abuser|demo').allowed).toBe(false);
    expect(take('regular|demo').allowed).toBe(false);
  });

  it('turns off at 0', () => {
    const take = rateLimiter(0, { now: at(0), maxKeys: 1 });
    for (let i = 0; i < 100; i++) expect(take(`k${i}`).allowed).toBe(true);
    expect(take.size()).toBe(0);
  });
});
