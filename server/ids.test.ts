import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('sorts ids of one millisecond in the order they were made, and ids of later times after them', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const ids = Array.from({ length: 1000 }, () => newId('lead', now));
    ids.push(newId('lead', now - 5)); // a clock that stepped back still counts up
    ids.push(newId('lead', now + 1));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^lead_[0-9a-z]{26}$/);
  });
});
