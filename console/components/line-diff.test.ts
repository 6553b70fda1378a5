import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.ts';

describe('lineDiff', () => {
  it('marks removed and added lines between kept ones, folding long unchanged runs', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'e', 'F', 'g', 'h', 'i', 'j', 'k'].join('\n');
    const diff = lineDiff(before, after, 1);
    expect(diff).toEqual([
      { kind: 'folded', count: 4 },
      { kind: 'same', text: 'e', oldLine: 5, newLine: 5 },
      { kind: 'removed', text: 'f', oldLine: 6 },
      { kind: 'added', text: 'F', newLine: 6 },
      { kind: 'same', text: 'g', oldLine: 7, newLine: 7 },
      { kind: 'folded', count: 2 },
      { kind: 'same', text: 'j', oldLine: 10, newLine: 10 },
      { kind: 'added', text: 'k', newLine: 11 },
    ]);
  });

  it('says nothing changed as one folded run', () => {
    expect(lineDiff('a\nb', 'a\nb')).toEqual([{ kind: 'folded', count: 2 }]);
  });

  it('keeps the longest common run when lines move', () => {
    const diff = lineDiff('x\na\nb\nc', 'a\nb\nc\nx', 0);
    expect(diff.filter((l) => l.kind === 'removed' || l.kind === 'added')).toEqual([
      { kind: 'removed', text: 'x', oldLine: 1 },
      { kind: 'added', text: 'x', newLine: 4 },
    ]);
  });
});
