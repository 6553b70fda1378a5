/**
 * Where a value sits in a JSON text, by its dot path (`steps.0.fields.2.key`, as the API's issues name
 * it): a small scanner over text that `JSON.parse` already accepted, so it never meets a syntax error.
 */

/** The offsets `[start, end)` of the value at `path` (or of the deepest part of it found) in `json`. */
export function locatePath(json: string, path: string): [number, number] {
  const want = path === '' ? [] : path.split('.');
  let pos = 0;
  const ws = () => {
    while (pos < json.length && /\s/.test(json[pos] as string)) pos++;
  };
  const skipString = () => {
    pos++;
    while (pos < json.length && json[pos] !== '"') pos += json[pos] === '\\' ? 2 : 1;
    pos++;
  };
  const readString = () => {
    const start = pos;
    skipString();
    return JSON.parse(json.slice(start, pos)) as string;
  };
  /** Skips one value; when `depth` parts of the path remain to be found inside it, looks for them. */
  const value = (depth: number): [number, number] | undefined => {
    ws();
    const start = pos;
    const c = json[pos];
    const looking = depth >= 0 && depth < want.length;
    if (c === '{' || c === '[') {
      pos++;
      let index = 0;
      let found: [number, number] | undefined;
      for (;;) {
        ws();
        if (json[pos] === '}' || json[pos] === ']') {
          pos++;
          break;
        }
        let key = String(index++);
        if (c === '{') {
          key = readString();
          ws();
          pos++; // ':'
        }
        const inner = value(looking && want[depth] === key ? depth + 1 : -1);
        if (inner) found = inner;
        ws();
        if (json[pos] === ',') pos++;
      }
      if (depth < 0) return undefined;
      // The value itself when the path ends here, else the deepest part of the path found inside.
      return looking ? (found ?? [start, pos]) : [start, pos];
    }
    if (c === '"') skipString();
    else while (pos < json.length && !/[\s,}\]]/.test(json[pos] as string)) pos++;
    return depth < 0 ? undefined : [start, pos];
  };
  return value(0) ?? [0, 0];
}

/** The 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
