/** A pino JSON line as one line a person reads: `time LEVEL message key=value …`, an error's stack below. */

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: anything a terminal or a log
// viewer may take as the end of a line, so that no value (a path, an error message) can forge one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` with every control character written as an escape (`\n`, `\u001b`). */
export function escapeControls(text: string): string {
  return text.replace(LINE_BREAKING, (ch) => {
    const short = JSON.stringify(ch).slice(1, -1); // `\n`, `\t`, …; JSON leaves DEL, C1, U+2028 as they are
    return short.length > 1 ? short : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const BARE = /^[\w./:@+%,-]+$/;

function formatValue(value: unknown): string {
  if (typeof value === 'string') return BARE.test(value) ? value : escapeControls(JSON.stringify(value));
  return escapeControls(JSON.stringify(value) ?? String(value));
}

type ErrorRecord = { type?: string; message?: string; stack?: string; code?: string };

/** Formats one line of pino's JSON output; anything unparseable passes through with its controls escaped. */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json);
  } catch {
    return `${escapeControls(json.trimEnd())}\n`;
  }
  const { time, level, msg, err, ...rest } = record;
  const head = [
    typeof time === 'string' ? time : new Date().toISOString(),
    LEVEL_NAMES[level as number] ?? String(level),
    escapeControls(String(msg ?? '')),
  ];
  const fields = Object.entries(rest).map(([key, value]) => `${escapeControls(key)}=${formatValue(value)}`);
  let line = [...head, ...fields].join(' ');
  if (err && typeof err === 'object') {
    const e = err as ErrorRecord;
    // Every line of the stack is indented: only our own lines start at the margin.
    const stack = e.stack ?? `${e.type ?? 'Error'}: ${e.message ?? ''}`;
    line += stack
      .split(/\r\n|\r|\n/)
      .map((l) => `\n    ${escapeControls(l)}`)
      .join('');
    if (e.code) line += `\n    code: ${escapeControls(String(e.code))}`;
  }
  return `${line}\n`;
}
