/** SIGKILL in the middle of deliveries loses nothing: after a restart every lead's webhook arrives. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { startLeadgate } from './support/leadgate-process.ts';
import { DIALECTS, databaseFor } from './support/postgres.ts';

const LEADS = 40;
const dir = mkdtempSync(join(tmpdir(), 'leadgate-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DIALECTS)('a server killed mid-delivery (%s)', (dialect) => {
  it('delivers every message after a restart, at once, with stable webhook ids', async () => {
    const database = await databaseFor(dialect, dir);
    const env = {
      ...database.env,
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_ADMIN_KEY: 'crash-admin-key-0123456789',
      LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
      // The default attempt timeout (15 s), so the leases of the killed process run 30 s: the restarted one
      // must not wait them out (it frees them on SQLite; PostgreSQL sees the dead instance's heartbeat stop).
    };
    // The receiver answers five requests, then holds the rest until the kill: deliveries are in flight when
    // it comes, and the killed server cannot have delivered everything, however slowly this test runs.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const receiver = await webhookReceiver({ gate: (arrived) => (arrived >= 5 ? released : undefined) });
    try {
      const first = await startLeadgate(env);
      const admin = { authorization: `Bearer ${env.LEADGATE_ADMIN_KEY}`, 'content-type': 'application/json' };
      const { secret } = await (
        await fetch(`${first.url}/v1/admin/webhooks`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ url: `${receiver.url}/hook` }),
        })
      ).json();
      const ids: string[] = [];
      for (let i = 0; i < LEADS; i++) {
        const res = await fetch(`${first.url}/v1/forms/demo-ebook/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `crash-${i}` },
          body: JSON.stringify({
            answers: {
              email: `lead${i}@example.com`,
              role: 'renter',
              monthly_bill: 'under_100',
              timeline: 'researching',
            },
            consents: { privacy: true },
          }),
        });
        ids.push((await res.json()).id);
      }
      await eventually(() => receiver.received.length >= 5);
      first.child.kill('SIGKILL');
      await first.exited;
      const before = receiver.received.length;
      release();
      expect(before).toBeLessThan(LEADS);

      const second = await startLeadgate(env);
      const restartedAt = Date.now();
      const leadOf = new Map<string, string>();
      await eventually(() => {
        for (const r of receiver.received) {
          const event = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
            data: { id: string };
          };
          const msgId = String(r.headers['webhook-id']);
          // At least once: a message may come twice, but always with the same id for the same lead.
          expect(leadOf.get(msgId) ?? event.data.id).toBe(event.data.id);
          leadOf.set(msgId, event.data.id);
        }
        return new Set(leadOf.values()).size === LEADS;
      }, 20_000);
      expect([...new Set(leadOf.values())].sort()).toEqual([...ids].sort());
      expect(Date.now() - restartedAt).toBeLessThan(15_000);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      release(); // held answers would keep the receiver from closing
      await receiver.close();
      await database.drop();
    }
  }, 60_000);
});
