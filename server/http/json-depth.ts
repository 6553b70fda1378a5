/** How deeply a parsed JSON value nests, measured without recursion. */

/**
 * Whether `value` nests arrays and objects deeper than `maxDepth` (a scalar is depth 0, `[]` and `{}` are
 * 1). Iterative, so a hostile value cannot overflow the stack here, and it stops at the first level too
 * deep. Everything that later walks a body recursively (canonical hashing, valibot's lazy schemas) is
 * safe once this has passed.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
