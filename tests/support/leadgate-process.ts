/** Runs `leadgate serve` as a real child process, as `npm start` does, and reads what it prints. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/leadgate.mjs', import.meta.url));

export type LeadgateProcess = {
  child: ChildProcess;
  url: string;
  /** Everything printed to stdout so far. */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
};

/** Starts the server with `env` and waits for its `listening on` line. */
export async function startLeadgate(env: Record<string, string>): Promise<LeadgateProcess> {
  const { child, printed } = spawnLeadgate(['serve'], { LEADGATE_RATE_LIMIT: '0', ...env });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" line in 15 s:\n${printed.stdout}\n${printed.stderr}`)),
      15_000,
    );
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(printed.stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`leadgate exited (${code}) before listening:\n${printed.stdout}\n${printed.stderr}`));
    });
  });
  return { child, url, output: () => printed.stdout, exited };
}

export type LeadgateRun = { code: number | null; stdout: string; stderr: string };

/** Runs `leadgate ...args` to its end (for commands that answer and exit, or fail to start). */
export function runLeadgate(
  args: string[],
  env: Record<string, string> = {},
  as: { uid?: number; gid?: number } = {},
): Promise<LeadgateRun> {
  const { child, printed } = spawnLeadgate(args, env, as);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...printed });
    }),
  );
}

/** Spawns `leadgate ...args` on port 0 with `env` over this process's, keeping all it prints. */
export function spawnLeadgate(
  args: string[],
  env: Record<string, string>,
  as: { uid?: number; gid?: number } = {},
) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LEADGATE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  const printed = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => {
    printed.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    printed.stderr += d.toString();
  });
  return { child, printed };
}
