/**
 * `npm run bench:webhooks`: lead stored → webhook received latency (p50, p99) and deliveries per second,
 * against a receiver on 127.0.0.1. A benchmark, not a test: it prints figures and asserts nothing.
 *
 *   LEADS=2000 CONCURRENCY=16 npm run bench:webhooks     # as fast as submissions go: throughput
 *   LEADS=500 RATE=50 npm run bench:webhooks              # 50 leads a second: latency when not saturated
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { silentLogger } from '../server/log/logger.ts';
import { startServer } from '../server/serve.ts';

const LEADS = Number(process.env.LEADS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const RATE = Number(process.env.RATE ?? 0);

const dir = mkdtempSync(join(tmpdir(), 'leadgate-bench-'));
const stored = new Map<string, number>();
const received = new Map<string, number>();

const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const id = JSON.parse(Buffer.concat(chunks).toString()).data.id as string;
    if (!received.has(id)) received.set(id, performance.now());
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const config = loadConfig({
  LEADGATE_PORT: '0',
  LEADGATE_DB: join(dir, 'bench.db'),
  // A load test replays one captured request: the bot gates would (rightly) refuse it.
  LEADGATE_ABUSE_CHECKS: 'off',
  LEADGATE_ADMIN_KEY: 'bench-admin-key-0123456789',
  LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
  LEADGATE_RATE_LIMIT: '0',
});
const server = await startServer(config, { print: () => {}, logger: silentLogger });
await fetch(`${server.url}/v1/admin/webhooks`, {
  method: 'POST',
  headers: { authorization: 'Bearer bench-admin-key-0123456789', 'content-type': 'application/json' },
  body: JSON.stringify({ url: receiverUrl }),
});

const started = performance.now();
let next = 0;
async function worker() {
  while (next < LEADS) {
    const i = next++;
    if (RATE > 0) {
      const due = started + (i * 1000) / RATE;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    }
    const res = await fetch(`${server.url}/v1/forms/demo-ebook/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${i}` },
      body: JSON.stringify({
        answers: {
          email: `lead${i}@example.com`,
          role: 'homeowner',
          monthly_bill: '100_300',
          timeline: 'this_year',
        },
        consents: { privacy: true },
      }),
    });
    const { id } = (await res.json()) as { id: string };
    stored.set(id, performance.now());
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const submitted = performance.now();
const deliveredDuringSubmit = received.size;
while (received.size < LEADS && performance.now() - submitted < 60_000)
  await new Promise((r) => setTimeout(r, 20));
const done = performance.now();

const latencies = [...stored].flatMap(([id, at]) => {
  const got = received.get(id);
  return got === undefined ? [] : [Math.max(0, got - at)];
});
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
const seconds = (done - started) / 1000;
console.log(
  `leads: ${LEADS}, submit concurrency: ${CONCURRENCY}${RATE ? `, paced at ${RATE}/s` : ''}, delivered: ${received.size}`,
);
console.log(
  `lead stored → webhook received: p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${pct(100).toFixed(1)} ms`,
);
const drain = (received.size - deliveredDuringSubmit) / ((done - submitted) / 1000);
console.log(
  `submissions: ${(LEADS / ((submitted - started) / 1000)).toFixed(0)}/s; deliveries: ${(received.size / seconds).toFixed(0)}/s over ${seconds.toFixed(1)} s (${drain.toFixed(0)}/s once submissions stopped)`,
);

if (process.env.BENCH_DEBUG) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dir, 'bench.db'), { readonly: true });
  console.log(
    db.prepare('select count(*) n, avg(latency_ms) avg, max(latency_ms) max from webhook_attempts').get(),
  );
  console.log(db.prepare("select count(*) n from webhook_deliveries where status != 'delivered'").get());
  db.close();
}
await server.close();
receiver.close();
rmSync(dir, { recursive: true, force: true });
