/**
 * `npm run bench:databases`: ingest and delivery on SQLite and on PostgreSQL, one instance and three, as
 * ratios in one run. Each round starts the instances on a fresh database with one webhook endpoint (a
 * receiver in this process), posts the widget's request from CONNECTIONS keep-alive connections spread
 * over the instances for SECONDS, then waits until every lead's `lead.created` has arrived. Configurations
 * rotate every round. A benchmark, not a test: it prints figures and asserts nothing.
 *
 *   CONNECTIONS=48 SECONDS=5 ROUNDS=3 npm run bench:databases
 *   PROFILE=1 ROUNDS=1 npm run bench:databases   # also a CPU profile of one PostgreSQL instance, summarised
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { demoSubmission } from '../server/openapi/examples.ts';
import { summariseProfile, type Window } from './cpu-profile.ts';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 48);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ADMIN_URL = process.env.LEADGATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN_KEY = 'bench-admin-key-0123456789';
const root = fileURLToPath(new URL('..', import.meta.url));
const PROFILE = process.env.PROFILE === '1';
const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'leadgate-cpu-')) : '';
// The profiled instances' load stretches by process id: the summary leaves out start-up and the drain.
const measured = new Map<string, Window>();
const monotonicInUs = () => Number(process.hrtime.bigint() / 1000n);

type Config = { name: string; dialect: 'sqlite' | 'postgres'; instances: number };
const configs: Config[] = [
  { name: 'SQLite, 1 instance', dialect: 'sqlite', instances: 1 },
  { name: 'PostgreSQL, 1 instance', dialect: 'postgres', instances: 1 },
  { name: 'PostgreSQL, 3 instances', dialect: 'postgres', instances: 3 },
];

// The API reference's example: the demo form's sales-qualified lead.
const body = Buffer.from(JSON.stringify({ formVersion: 1, ...demoSubmission }));

async function database(dialect: Config['dialect']) {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'leadgate-dbbench-'));
    return {
      env: { LEADGATE_DB: join(dir, 'bench.db') },
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  const name = `leadgate_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { LEADGATE_DATABASE_URL: url.toString() },
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 1 });
    },
  };
}

function start(env: Record<string, string>, profile = false): Promise<{ child: ChildProcess; url: string }> {
  const cpuProf = profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...cpuProf, join(root, 'bin/leadgate.mjs'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      LEADGATE_PORT: '0',
      LEADGATE_RATE_LIMIT: '0',
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_LOG_LEVEL: 'warn',
      LEADGATE_ADMIN_KEY: ADMIN_KEY,
      LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`exited (${code}) before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        child.stdout?.removeAllListeners('data').resume();
        resolve({ child, url: m[1] as string });
      }
    });
  });
}

async function round(config: Config) {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const db = await database(config.dialect);
  // The first instance migrates alone; the others then start together.
  const profiled = PROFILE && config.dialect === 'postgres' && config.instances === 1;
  const first = await start(db.env, profiled);
  const rest = await Promise.all(Array.from({ length: config.instances - 1 }, () => start(db.env)));
  const instances = [first, ...rest];
  await fetch(`${first.url}/v1/admin/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['lead.created'],
    }),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let accepted = 0;
  let failed = 0;
  const post = (url: URL) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: '/v1/forms/demo-ebook/submissions',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(body.length),
            'idempotency-key': randomUUID(),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const started = performance.now();
  const from = monotonicInUs();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, n) => {
      const url = new URL((instances[n % instances.length] as { url: string }).url);
      while (performance.now() < until) {
        if ((await post(url)) === 201) accepted++;
        else failed++;
      }
    }),
  );
  const loadSeconds = (performance.now() - started) / 1000;
  if (profiled) measured.set(String(first.child.pid), { from, to: monotonicInUs() });
  const drainDeadline = performance.now() + 120_000;
  while (received < accepted && performance.now() < drainDeadline)
    await new Promise((r) => setTimeout(r, 20));
  const deliverySeconds = (performance.now() - started) / 1000;
  agent.destroy();
  await Promise.all(
    instances.map(
      ({ child }) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  receiver.close();
  await db.drop();
  return {
    ingest: accepted / loadSeconds,
    delivered: received / deliverySeconds,
    failed,
    lost: accepted - Math.min(received, accepted),
  };
}

const results = new Map<string, { ingest: number[]; delivered: number[]; failed: number; lost: number }>();
for (let r = 0; r < ROUNDS; r++) {
  const order = configs.map((_, i) => configs[(i + r) % configs.length] as Config);
  const line: string[] = [];
  for (const config of order) {
    const res = await round(config);
    const acc = results.get(config.name) ?? { ingest: [], delivered: [], failed: 0, lost: 0 };
    acc.ingest.push(res.ingest);
    acc.delivered.push(res.delivered);
    acc.failed += res.failed;
    acc.lost += res.lost;
    results.set(config.name, acc);
    line.push(`${config.name} ${Math.round(res.ingest)}/s in, ${Math.round(res.delivered)}/s out`);
  }
  console.log(`round ${r + 1}: ${line.join(' · ')}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const base = results.get(configs[0]?.name as string);
console.table(
  configs.map((c) => {
    const r = results.get(c.name);
    if (!r || !base) return {};
    return {
      configuration: c.name,
      'ingest /s': Math.round(median(r.ingest)),
      'vs SQLite': `${(median(r.ingest) / median(base.ingest)).toFixed(2)}×`,
      'delivered /s': Math.round(median(r.delivered)),
      'delivery vs SQLite': `${(median(r.delivered) / median(base.delivered)).toFixed(2)}×`,
      'non-201': r.failed,
      undelivered: r.lost,
    };
  }),
);

if (PROFILE) {
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main one.
  for (const file of readdirSync(profileDir)) {
    const [, pid, thread] = file.match(/\.(\d+)\.(\d+)\.\d+\.cpuprofile$/) ?? [];
    if (thread === '0')
      console.log(summariseProfile(join(profileDir, file), 25, measured.get(pid ?? '')).join('\n'));
  }
  console.log(`profiles kept in ${profileDir}`);
}
