/**
 * A line diff of two texts (two versions of a form, pretty-printed): the longest common subsequence of
 * their lines, then runs of kept lines longer than the context folded into one "n unchanged lines" row.
 * Quadratic in lines, which is fine for form definitions (a few hundred lines each).
 */

export type DiffLine =
  | { kind: 'same' | 'removed' | 'added'; text: string; oldLine?: number; newLine?: number }
  | { kind: 'folded'; count: number };

const MAX_CELLS = 4_000_000;

/** The lines of `before` and `after`, each kept, removed or added; unchanged runs folded past `context`. */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Common head and tail first: most edits touch a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const lines: DiffLine[] = [];
  for (let i = 0; i < head; i++)
    lines.push({ kind: 'same', text: a[i] as string, oldLine: i + 1, newLine: i + 1 });
  lines.push(...middle(midA, midB, head));
  for (let i = tail; i > 0; i--) {
    lines.push({
      kind: 'same',
      text: a[a.length - i] as string,
      oldLine: a.length - i + 1,
      newLine: b.length - i + 1,
    });
  }
  return fold(lines, context);
}

function middle(a: string[], b: string[], offset: number): DiffLine[] {
  const out: DiffLine[] = [];
  const removeAll = () => {
    for (const [i, text] of a.entries()) out.push({ kind: 'removed', text, oldLine: offset + i + 1 });
  };
  const addAll = () => {
    for (const [j, text] of b.entries()) out.push({ kind: 'added', text, newLine: offset + j + 1 });
  };
  if (a.length * b.length > MAX_CELLS) {
    removeAll();
    addAll();
    return out;
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * w + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string, oldLine: offset + i + 1, newLine: offset + j + 1 });
      i++;
      j++;
    } else if (
      j < b.length &&
      (i === a.length || (lcs[i * w + j + 1] as number) > (lcs[(i + 1) * w + j] as number))
    ) {
      out.push({ kind: 'added', text: b[j] as string, newLine: offset + j + 1 });
      j++;
    } else {
      out.push({ kind: 'removed', text: a[i] as string, oldLine: offset + i + 1 });
      i++;
    }
  }
  return out;
}

function fold(lines: DiffLine[], context: number): DiffLine[] {
  const changed = lines.map((l) => l.kind !== 'same');
  const near = (i: number) => {
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++)
      if (changed[k]) return true;
    return false;
  };
  const out: DiffLine[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (near(i)) {
      if (folded) out.push({ kind: 'folded', count: folded });
      folded = 0;
      out.push(line);
    } else folded++;
  });
  if (folded) out.push({ kind: 'folded', count: folded });
  return out;
}
