/** `leadgate copy-to-postgres`: the command line around copyToPostgres (its arguments, what it prints). */
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { redacted } from '../storage/redacted-url.ts';
import { CopyError } from './copy-error.ts';
import { copyToPostgres } from './copy-to-postgres.ts';

type Arguments = { from?: string; replace: boolean };

/** The command's own arguments, or a message saying what is wrong with them. */
export function parseCopyArguments(args: string[]): Arguments | string {
  const parsed: Arguments = { replace: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--replace') parsed.replace = true;
    else if (arg === '--from' && args[i + 1]) {
      parsed.from = args[i + 1] ?? '';
      i++;
    } else if (arg.startsWith('--from=') && arg.length > '--from='.length)
      parsed.from = arg.slice('--from='.length);
    else return arg === '--from' ? '--from needs a file' : `unknown argument "${arg}"`;
  }
  return parsed;
}

type Print = (line: string) => void;

/** Runs the copy and says what it copied; returns the exit code. */
export async function copyCommand(
  args: string[],
  config: Pick<Config, 'dbFile' | 'databaseUrl'>,
  print: Print = console.log,
  printError: Print = console.error,
): Promise<number> {
  const parsed = parseCopyArguments(args);
  if (typeof parsed === 'string') {
    printError(`leadgate copy-to-postgres: ${parsed} (see leadgate --help)`);
    return 2;
  }
  if (!config.databaseUrl) {
    printError(
      'leadgate copy-to-postgres: set LEADGATE_DATABASE_URL to the PostgreSQL database to copy into (postgres://user:password@host:5432/leadgate)',
    );
    return 2;
  }
  const from = resolve(parsed.from ?? config.dbFile);
  print(`leadgate: copying ${from} into ${redacted(config.databaseUrl)}`);
  try {
    const report = await copyToPostgres({
      from,
      databaseUrl: config.databaseUrl,
      replace: parsed.replace,
      onTable: (table, rows) => print(`  ${table.padEnd(22)} ${rows.toLocaleString('en-US').padStart(12)}`),
    });
    const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
    print(
      `leadgate: copied ${total.toLocaleString('en-US')} rows in ${(report.elapsedInMs / 1000).toFixed(1)} s; counted again on PostgreSQL, every table matches.`,
    );
    print(
      'Not copied: console sessions (sign in to the console again). Pending webhooks are sent by the server on PostgreSQL.',
    );
    print('Next: start the server with LEADGATE_DATABASE_URL set. The SQLite file is unchanged.');
    return 0;
  } catch (err) {
    const message = err instanceof CopyError ? err.message : String((err as Error).message ?? err);
    printError(`leadgate copy-to-postgres: nothing was copied: ${message}`);
    return 1;
  }
}
