import { describe, expect, it } from 'vitest';
import { niceStep } from './chart-lines.tsx';

describe('niceStep', () => {
  it('is 1, 2 or 5 times a power of ten, for about four gridlines', () => {
    expect(niceStep(0)).toBe(1);
    expect(niceStep(3)).toBe(1);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(18)).toBe(5);
    expect(niceStep(207)).toBe(100);
    expect(niceStep(4179)).toBe(2000);
    expect(niceStep(1_000_000)).toBe(500_000);
  });
});
