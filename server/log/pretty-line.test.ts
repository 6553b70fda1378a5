import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { escapeControls, prettyLine } from './pretty-line.ts';

/** A logger in `format` whose output is collected. */
function collect(format: 'json' | 'pretty') {
  let out = '';
  const logger = createLogger({ level: 'debug', format }, { write: (s: string) => (out += s) });
  return { logger, out: () => out };
}

describe('prettyLine', () => {
  it('reads as time, level, message, then key=value', () => {
    const line = prettyLine(
      '{"level":30,"time":"2026-11-26T10:00:00.000Z","method":"POST","path":"/v1/forms/demo-ebook/submissions","status":201,"responseTime":3,"msg":"request"}\n',
    );
    expect(line).toBe(
      '2026-11-26T10:00:00.000Z INFO  request method=POST path=/v1/forms/demo-ebook/submissions status=201 responseTime=3\n',
    );
  });

  it('quotes values with spaces or quotes, and escapes every control character', () => {
    expect(escapeControls('a\nb\r\u0085\u2028\u001b[31m')).toBe('a\\nb\\r\\u0085\\u2028\\u001b[31m');
    const line = prettyLine(
      JSON.stringify({ level: 40, time: 't', msg: 'x\ny', error: 'connect refused\nINFO forged' }),
    );
    expect(line).toBe('t WARN  x\\ny error="connect refused\\nINFO forged"\n');
  });

  it('indents an error stack under its line, so no line of it starts at the margin', () => {
    const { logger, out } = collect('pretty');
    logger.error({ err: new Error('boom\n2026-11-26T00:00:00.000Z INFO  forged') }, 'request failed');
    const [first, ...rest] = out().trimEnd().split('\n');
    expect(first).toMatch(/^\S+ ERROR request failed$/);
    expect(rest.length).toBeGreaterThan(1);
    for (const l of rest) expect(l).toMatch(/^ {4}/);
    expect(out()).toContain('    2026-11-26T00:00:00.000Z INFO  forged');
  });
});

describe('createLogger', () => {
  it('writes one JSON object a line, with an ISO time and no pid or hostname', () => {
    const { logger, out } = collect('json');
    logger.info({ formId: 'demo-ebook' }, 'lead accepted');
    const record = JSON.parse(out());
    expect(record).toEqual({
      level: 30,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      formId: 'demo-ebook',
      msg: 'lead accepted',
    });
  });

  it('drops what is below its level', () => {
    let out = '';
    const logger = createLogger({ level: 'warn', format: 'json' }, { write: (s: string) => (out += s) });
    logger.info('not shown');
    logger.warn('shown');
    expect(out.trimEnd().split('\n')).toHaveLength(1);
  });
});
