/** The process's logger: pino, one line per event, as JSON or as a readable line, to stderr. */
import { type Logger, pino } from 'pino';
import type { LogConfig } from '../config.ts';
import { escapeControls, prettyLine } from './pretty-line.ts';

export type { Logger };

/** Where log lines go; anything with a `write`, such as `process.stderr` or a test's collector. */
export type LogDestination = { write(line: string): unknown };

/** Drops everything: for tests and tools that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * The logger `config` describes. Lines go to stderr by default: stdout carries the start-up lines a person
 * reads (the URL, the admin key), whatever the log format.
 */
export function createLogger(config: LogConfig, out: LogDestination = process.stderr): Logger {
  // JSON.stringify escapes C0 controls but leaves DEL, C1 (NEL) and U+2028/2029 as they are, which some
  // readers take as line ends; escaped, they stay valid JSON and no value can start a line of its own.
  const destination = {
    write:
      config.format === 'pretty'
        ? (line: string) => out.write(prettyLine(line))
        : (line: string) => out.write(escapeControls(line.slice(0, -1)) + line.slice(-1)),
  };
  // No pid or hostname on each line: one process a host, and the collector knows the host.
  return pino({ level: config.level, base: null, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
