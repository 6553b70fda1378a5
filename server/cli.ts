/** The `leadgate` command line. */
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './serve.ts';

const USAGE = `Usage: leadgate serve

Starts the Leadgate server. Configure it with LEADGATE_* environment variables (see the README).`;

/** Runs the command in `argv` (without node and script); returns the exit code for failures at start. */
export async function main(argv: string[]): Promise<number | undefined> {
  const [command = 'serve'] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'serve') {
    console.error(`leadgate: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`leadgate: bad configuration:\n${err.message}`);
      return 2;
    }
    throw err;
  }
  const server = await startServer(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) process.exit(1); // a second signal means "now"
    closing = true;
    console.log(`leadgate: ${signal} received, shutting down`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error('leadgate: unclean shutdown', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return undefined;
}
