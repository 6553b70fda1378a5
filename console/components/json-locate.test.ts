import { describe, expect, it } from 'vitest';
import { lineColumn, locatePath } from './json-locate.ts';

const json = JSON.stringify(
  { id: 'x', steps: [{ fields: [{ key: 'a' }, { key: 'b "q"', n: [1, 2] }] }], tiers: [] },
  null,
  2,
);
const at = (path: string) => {
  const [start, end] = locatePath(json, path);
  return json.slice(start, end);
};

describe('locatePath', () => {
  it('finds a value by its dot path', () => {
    expect(at('id')).toBe('"x"');
    expect(at('steps.0.fields.1.key')).toBe('"b \\"q\\""');
    expect(at('steps.0.fields.1.n.1')).toBe('2');
    expect(at('tiers')).toBe('[]');
    expect(at('')).toBe(json);
  });

  it('falls back to the deepest part of the path that exists', () => {
    expect(at('steps.0.fields.7.key')).toBe(at('steps.0.fields'));
    expect(at('title')).toBe(json);
  });

  it('gives lines and columns from 1', () => {
    const [start] = locatePath(json, 'steps.0.fields.1.key');
    expect(lineColumn(json, start)).toEqual({ line: 10, column: 18 });
  });
});
