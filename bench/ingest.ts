/**
 * `npm run bench:ingest`: Leadgate's ingest path against a naive baseline (bench/naive-server.ts) in both
 * durabilities, as ratios in one run. Each server is its own child process, started fresh for its turn and
 * stopped after it, so no two run at once; the order rotates every round. The load is the request the
 * widget sends, a fresh Idempotency-Key each, from CONNECTIONS keep-alive connections on 127.0.0.1.
 * A benchmark, not a test: it prints figures and asserts nothing.
 *
 *   CONNECTIONS=50 SECONDS=5 ROUNDS=5 WARMUP=2 npm run bench:ingest
 *   PROFILE=1 ROUNDS=1 npm run bench:ingest     # also a CPU profile of Leadgate, summarised at the end
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summariseProfile, type Window } from './cpu-profile.ts';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WARMUP_IN_SECONDS = Number(process.env.WARMUP ?? 2);
const PROFILE = process.env.PROFILE === '1';
const REQUEST_TIMEOUT_IN_MS = 10_000;
const START_TIMEOUT_IN_MS = 30_000;
// Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these.
const CLOCK_TICKS_PER_SECOND = 100;
const MB = 1024 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));
const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'leadgate-cpu-')) : '';

type Target = { name: string; args: string[]; env: (db: string) => Record<string, string> };
const naive = (sync: 'FULL' | 'NORMAL'): Target => ({
  name: `naive ${sync}`,
  args: ['--import', 'tsx', join(root, 'bench/naive-server.ts')],
  env: (db) => ({ NAIVE_DB: db, NAIVE_SYNC: sync }),
});
const targets: Target[] = [
  {
    name: 'leadgate',
    args: [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      join(root, 'bin/leadgate.mjs'),
      'serve',
    ],
    env: (db) => ({
      LEADGATE_DB: db,
      LEADGATE_PORT: '0',
      LEADGATE_RATE_LIMIT: '0',
      // One captured request replayed: the bot gates would (rightly) refuse it.
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_LOG_LEVEL: 'warn',
    }),
  },
  naive('FULL'),
  naive('NORMAL'),
];

// What the widget posts for the demo form (widget/form.tsx → api.ts), as a browser on a landing page sends it.
const body = Buffer.from(
  JSON.stringify({
    formVersion: 1,
    answers: {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      campaign: 'spring',
      role: 'landlord',
      properties: 12,
      monthly_bill: 'over_300',
      timeline: 'this_quarter',
      interests: ['heat_pump', 'solar'],
    },
    consents: { privacy: true, marketing: false },
    context: {
      pageUrl: 'https://www.example.com/energy?utm_source=newsletter&utm_campaign=spring',
      referrer: 'https://mail.example.com/',
      utm: { utm_source: 'newsletter', utm_campaign: 'spring' },
      locale: 'en',
    },
    honeypot: '',
  }),
);
const headers = {
  'content-type': 'application/json',
  'content-length': String(body.length),
  origin: 'https://www.example.com',
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  accept: '*/*',
  'accept-encoding': 'gzip, deflate, br, zstd',
};

type Running = { child: ChildProcess; url: URL; dir: string };

/** Starts a target on a fresh database and resolves with the URL it printed once listening. */
function start(target: Target): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-ingest-'));
  const child = spawn(process.execPath, target.args, {
    cwd: root,
    env: { ...process.env, ...target.env(join(dir, 'bench.db')) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Whatever ends this run (an error, ^C) ends the server with it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${target.name}: not listening after 30 s`)),
      START_TIMEOUT_IN_MS,
    );
    child.once('exit', (code) => reject(new Error(`${target.name} exited (${code}) before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data').resume();
      resolve({ child, url: new URL(m[1] as string), dir });
    });
  });
}

/** SIGTERM (so a CPU profile is written), then SIGKILL if it will not go. */
async function stop({ child, dir }: Running): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(late);
  rmSync(dir, { recursive: true, force: true });
}

const procStatus = (pid: number, field: string): number | undefined => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) * 1024 : undefined;
};
/** The CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
};
const linux = process.platform === 'linux';

type Result = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
  /** CPU seconds the server and this driver spent on the measured requests. */
  serverCpu: number;
  driverCpu: number;
};

/** CONNECTIONS loops, each posting on its own keep-alive socket until the time is up. */
async function load(url: URL, seconds: number): Promise<Omit<Result, 'serverCpu'>> {
  const cpu = process.cpuUsage();
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const path = '/v1/forms/demo-ebook/submissions';
  const latencies: number[] = [];
  let non2xx = 0;
  const post = () =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          headers: { ...headers, 'idempotency-key': randomUUID() },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_IN_MS, () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  const until = started + seconds * 1000;
  const connection = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const status = await post().catch(() => 0);
      latencies.push(performance.now() - sent);
      if (status < 200 || status > 299) non2xx++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  const elapsed = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    driverCpu: (user + system) / 1e6,
    rps: latencies.length / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    non2xx,
    requests: latencies.length,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const load1 = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

console.log(
  `bench:ingest: ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s (after ${WARMUP_IN_SECONDS} s warm-up), load average ${load1()}`,
);
const results = new Map<string, Result[]>(targets.map((t) => [t.name, []]));
const peakRss = new Map<string, number>();
// Leadgate's measured stretches by process id: the profile summary leaves out start-up and warm-up.
const measured = new Map<string, Window>();
const monotonicInUs = () => Number(process.hrtime.bigint() / 1000n);
for (let round = 0; round < ROUNDS; round++) {
  const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
  const line: string[] = [];
  for (const target of order) {
    const server = await start(target);
    const pid = server.child.pid as number;
    await load(server.url, WARMUP_IN_SECONDS);
    const cpuBefore = linux ? cpuSeconds(pid) : NaN;
    const from = monotonicInUs();
    const r = await load(server.url, SECONDS);
    measured.set(String(pid), { from, to: monotonicInUs() });
    const serverCpu = linux ? cpuSeconds(pid) - cpuBefore : NaN;
    const hwm = linux ? procStatus(pid, 'VmHWM') : undefined;
    if (hwm) peakRss.set(target.name, Math.max(peakRss.get(target.name) ?? 0, hwm));
    await stop(server);
    results.get(target.name)?.push({ ...r, serverCpu });
    line.push(`${target.name} ${r.rps.toFixed(0)}/s p99 ${r.p99.toFixed(1)} ms`);
  }
  console.log(`round ${round + 1}: ${line.join(' · ')}`);
}

const rows = targets.map((t) => {
  const rs = results.get(t.name) ?? [];
  const requests = rs.reduce((n, r) => n + r.requests, 0);
  const cpu = rs.reduce((s, r) => s + r.serverCpu, 0);
  return {
    target: t.name,
    'req/s': Math.round(median(rs.map((r) => r.rps))),
    'p50 ms': Number(median(rs.map((r) => r.p50)).toFixed(1)),
    'p99 ms': Number(median(rs.map((r) => r.p99)).toFixed(1)),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
    'server CPU µs/req': Math.round((cpu / requests) * 1e6),
    'driver CPU µs/req': Math.round((rs.reduce((s, r) => s + r.driverCpu, 0) / requests) * 1e6),
    'peak RSS MB': Math.round((peakRss.get(t.name) ?? NaN) / MB),
  };
});
console.log('medians of the rounds (non-2xx: all rounds; peak RSS: VmHWM, highest of the rounds):');
console.table(rows);

// Ratios of the medians, and the range of the same-round ratios (a round's targets run close in time).
const rps = (name: string) => (results.get(name) ?? []).map((r) => r.rps);
for (const base of ['naive FULL', 'naive NORMAL']) {
  const perRound = rps('leadgate').map((x, i) => x / (rps(base)[i] ?? NaN));
  console.log(
    `leadgate ÷ ${base}: ${(median(rps('leadgate')) / median(rps(base))).toFixed(2)}× (rounds ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}×)`,
  );
}
console.log(`load average at the end: ${load1()}`);

if (PROFILE) {
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main one (1 is tsx's module loader).
  for (const file of readdirSync(profileDir)) {
    const [, pid, thread] = file.match(/\.(\d+)\.(\d+)\.\d+\.cpuprofile$/) ?? [];
    if (thread === '0')
      console.log(summariseProfile(join(profileDir, file), 20, measured.get(pid ?? '')).join('\n'));
  }
  console.log(`profiles kept in ${profileDir} (open them in Chrome DevTools → Performance)`);
}
