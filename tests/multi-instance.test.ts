/**
 * Three `leadgate serve` processes on one PostgreSQL database, behind no proxy: 3,000 submissions spread
 * over them (a tenth of them sent twice with the same Idempotency-Key, to different instances), one
 * instance SIGKILLed while it delivers and then restarted. Every acknowledged lead is stored once, every
 * lead's `lead.created` reaches a real receiver at least once with one stable `webhook-id`, nothing
 * answers 5xx, and duplicates stay few (bounded by what the killed instance had in flight).
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { type LeadgateProcess, startLeadgate } from './support/leadgate-process.ts';
import { freshDatabase, postgresAvailable } from './support/postgres.ts';
import { demoSubmission } from './support/test-app.ts';

const SUBMISSIONS = 3_000;
const REPEATED_EVERY = 10;
const CONCURRENCY = 24;
const ADMIN_KEY = 'multi-admin-key-0123456789';
const PER_ENDPOINT = 16;

describe.skipIf(!postgresAvailable)('three instances on one PostgreSQL database', () => {
  const started: LeadgateProcess[] = [];
  afterAll(() => {
    for (const p of started) p.child.kill('SIGKILL');
  });

  it('store each lead once and deliver each lead.created, through a SIGKILL and a restart', async () => {
    const database = await freshDatabase();
    // Slow enough that deliveries are in flight when the kill comes.
    const receiver = await webhookReceiver({ delayInMs: 5 });
    const env = {
      LEADGATE_DATABASE_URL: database.url,
      LEADGATE_ADMIN_KEY: ADMIN_KEY,
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_LOG_LEVEL: 'warn',
      LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
      LEADGATE_WEBHOOK_CONCURRENCY: String(PER_ENDPOINT),
    };
    try {
      const instances = await Promise.all([0, 1, 2].map(() => startLeadgate(env)));
      started.push(...instances);
      const { secret } = await (
        await fetch(`${instances[0]?.url}/v1/admin/webhooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: `${receiver.url}/hook`, events: ['lead.created'] }),
        })
      ).json();

      const acknowledged = new Map<string, string>(); // idempotency key → lead id
      const statuses = new Map<number, number>();
      let next = 0;
      let killedAt = -1;
      const send = async (i: number, key: string, via: number) => {
        const target = instances[via % 3] as LeadgateProcess;
        const body = {
          ...demoSubmission(),
          answers: { ...demoSubmission().answers, email: `p${i}@example.com` },
        };
        try {
          const res = await fetch(`${target.url}/v1/forms/demo-ebook/submissions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(body),
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) {
            const { id } = await res.json();
            const before = acknowledged.get(key);
            if (before) expect(id).toBe(before);
            acknowledged.set(key, id);
          }
        } catch {
          // Sent to the instance being killed: not answered, so nothing was promised; sent again below.
        }
      };
      const worker = async () => {
        for (let i = next++; i < SUBMISSIONS; i = next++) {
          const key = `multi-${i}`;
          // The kill: instance 2, a third of the way through, while it is delivering.
          if (i === SUBMISSIONS / 3 && killedAt < 0) {
            killedAt = i;
            instances[2]?.child.kill('SIGKILL');
          }
          const via = killedAt >= 0 && i % 3 === 2 ? i + 1 : i;
          await send(i, key, via);
          if (i % REPEATED_EVERY === 0) await send(i, key, via + 1);
          if (!acknowledged.has(key)) await send(i, key, via + 1);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await instances[2]?.exited;
      // Restarted, the killed instance takes its share of the deliveries again.
      const restarted = await startLeadgate(env);
      started.push(restarted);

      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect(acknowledged.size).toBe(SUBMISSIONS);
      const leadIds = new Set(acknowledged.values());
      expect(leadIds.size).toBe(SUBMISSIONS);

      const webhookIdOf = new Map<string, string>(); // lead id → webhook-id
      let received = 0;
      await eventually(() => {
        for (; received < receiver.received.length; received++) {
          const r = receiver.received[received];
          if (!r) break;
          const event = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
            data: { id: string };
          };
          const id = String(r.headers['webhook-id']);
          expect(webhookIdOf.get(event.data.id) ?? id).toBe(id);
          webhookIdOf.set(event.data.id, id);
        }
        return webhookIdOf.size === SUBMISSIONS;
      }, 60_000);
      expect([...webhookIdOf.keys()].every((id) => leadIds.has(id))).toBe(true);
      const duplicates = receiver.received.length - SUBMISSIONS;
      // At most what the killed instance had in flight (its per-endpoint share) was sent again.
      expect(duplicates).toBeLessThanOrEqual(PER_ENDPOINT);
      const stored = await (
        await fetch(`${restarted.url}/v1/admin/leads?limit=1&email=p7@example.com`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        })
      ).json();
      expect(stored.data).toHaveLength(1);
      console.log(
        `multi-instance: ${SUBMISSIONS} leads, ${receiver.received.length} deliveries (${duplicates} duplicates), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
    } finally {
      for (const p of started) p.child.kill('SIGTERM');
      await Promise.all(started.map((p) => p.exited));
      await receiver.close();
      await database.drop();
    }
  }, 180_000);
});
