/** The `leadgate` command line. */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log/logger.ts';
import { openStore, StartError, startServer } from './serve.ts';

const USAGE = `Usage: leadgate [serve]      start the server (the default; applies migrations first)
       leadgate migrate      apply the database's migrations and exit
       leadgate copy-to-postgres [--from FILE] [--replace]
                             copy the SQLite installation (LEADGATE_DB, or FILE) into the empty PostgreSQL
                             database LEADGATE_DATABASE_URL names; stop the server first (--replace: empty
                             that database first instead of refusing one that holds data)
       leadgate --help, -h   show this help
       leadgate --version, -v  print the version

Configure the server with LEADGATE_* environment variables: LEADGATE_PORT, LEADGATE_HOST, LEADGATE_DB,
LEADGATE_DATABASE_URL, LEADGATE_ADMIN_KEY, LEADGATE_PUBLIC_URL, LEADGATE_LOG_LEVEL, LEADGATE_LOG_FORMAT, LEADGATE_DEMO and more;
the README lists them all.`;

/** The version in our package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the command in `argv` (without node and script); returns the exit code for failures at start. */
export async function main(argv: string[]): Promise<number | undefined> {
  // Asking for help or the version anywhere on the line answers it and starts nothing.
  if (argv.some((a) => a === '--help' || a === '-h' || a === 'help')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.some((a) => a === '--version' || a === '-v')) {
    console.log(`leadgate ${version()}`);
    return 0;
  }
  const [command = 'serve', ...rest] = argv;
  const takesArguments = command === 'copy-to-postgres';
  if (!['serve', 'migrate', 'copy-to-postgres'].includes(command) || (rest.length > 0 && !takesArguments)) {
    console.error(`leadgate: unknown command or argument "${argv.join(' ')}"\n\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, process.stderr.isTTY === true);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`leadgate: bad configuration:\n${err.message}`);
      return 2;
    }
    throw err;
  }
  if (command === 'migrate') return migrate(config);
  if (command === 'copy-to-postgres') {
    // Loaded only for it: the copy brings PostgreSQL's driver, as the PostgreSQL store does.
    const { copyCommand } = await import('./copy/copy-command.ts');
    return copyCommand(rest, config);
  }
  const logger = createLogger(config.log);
  // Listening for signals before starting: a SIGTERM that comes while the server starts (a deploy that
  // changes its mind, a test that has what it waited for) stops it cleanly once started, rather than
  // killing it in the middle of a migration or of its first claims.
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopping: string | undefined;
  const stop = () => {
    if (!server || !stopping) return;
    logger.info({ signal: stopping }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: string) => {
    if (stopping) process.exit(1); // a second signal means "now"
    stopping = signal;
    stop();
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  try {
    server = await startServer(config, { logger });
  } catch (err) {
    if (err instanceof StartError) {
      console.error(`leadgate: ${err.message}`);
      return 1;
    }
    throw err;
  }
  stop();
  return undefined;
}

/** `leadgate migrate`: opening the store applies what is missing (one instance at a time). */
async function migrate(config: ReturnType<typeof loadConfig>): Promise<number> {
  try {
    const store = await openStore(config);
    await store.close();
    console.log(
      `leadgate: the ${store.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'} database is migrated`,
    );
    return 0;
  } catch (err) {
    if (err instanceof StartError) {
      console.error(`leadgate: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
