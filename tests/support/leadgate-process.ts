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
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, LEADGATE_PORT: '0', LEADGATE_RATE_LIMIT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" line in 15 s:\n${out}\n${err}`)),
      15_000,
    );
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`leadgate exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
  return { child, url, output: () => out, exited };
}

export type LeadgateRun = { code: number | null; stdout: string; stderr: string };

/** Runs `leadgate ...args` to its end (for commands that answer and exit, or fail to start). */
export function runLeadgate(
  args: string[],
  env: Record<string, string> = {},
  as: { uid?: number; gid?: number } = {},
): Promise<LeadgateRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LEADGATE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
