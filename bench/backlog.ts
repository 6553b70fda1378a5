/**
 * `npm run bench:backlog`: a backlog of 100,000 owed messages drains with bounded memory. Prints the peak
 * resident memory and the drain rate. A benchmark, not a test.
 *
 *   MESSAGES=100000 npm run bench:backlog
 *   LEADGATE_WEBHOOK_CONCURRENCY=64 npm run bench:backlog   # more attempts in flight to the endpoint
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log/logger.ts';
import { openDb, writeTx } from '../server/storage/db.ts';
import { parseCidr } from '../server/webhooks/cidr.ts';
import { sqliteOutbox } from '../server/webhooks/delivery-store.ts';
import { createDispatcher } from '../server/webhooks/dispatcher.ts';
import { createEndpoint } from '../server/webhooks/endpoint-store.ts';
import { enqueueEvent } from '../server/webhooks/outbox.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 100_000);
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'leadgate-backlog-'));
let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

const db = openDb(join(dir, 'backlog.db'));
createEndpoint(db, {
  url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
  events: ['lead.created'],
});
const now = Date.now();
const payload = { id: 'lead_x', formId: 'demo-ebook', answers: { email: 'someone@example.com' } };
for (let done = 0; done < MESSAGES; done += 10_000) {
  writeTx(db, (tx) => {
    for (let i = done; i < Math.min(MESSAGES, done + 10_000); i++) {
      enqueueEvent(
        tx,
        {
          type: 'lead.created',
          timestamp: new Date(now).toISOString(),
          data: { ...payload, id: `lead_${i}` } as never,
        },
        now,
      );
    }
  });
}
global.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

const allow = [parseCidr('127.0.0.0/8')].filter((c) => c !== undefined);
const dispatcher = createDispatcher({
  outbox: sqliteOutbox(db),
  // The server's own webhook settings, so LEADGATE_WEBHOOK_CONCURRENCY and the like apply.
  config: loadConfig(process.env).webhook,
  allow,
  logger: createLogger({ level: 'warn', format: 'pretty' }),
});
const started = performance.now();
dispatcher.start();
while (received < MESSAGES && performance.now() - started < 600_000)
  await new Promise((r) => setTimeout(r, 100));
const seconds = (performance.now() - started) / 1000;
await dispatcher.stop();
clearInterval(sampler);

console.log(
  `backlog: ${MESSAGES} messages, delivered ${received} in ${seconds.toFixed(1)} s (${(received / seconds).toFixed(0)}/s)`,
);
console.log(
  `resident memory: ${(before / MB).toFixed(0)} MB before draining, peak ${(peak / MB).toFixed(0)} MB while draining`,
);
db.$client.close();
receiver.close();
rmSync(dir, { recursive: true, force: true });
