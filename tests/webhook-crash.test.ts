/** SIGKILL in the middle of deliveries loses nothing: after a restart every lead's webhook arrives. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { startLeadgate } from './support/leadgate-process.ts';

const LEADS = 40;
const dir = mkdtempSync(join(tmpdir(), 'leadgate-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a server killed mid-delivery', () => {
  it('delivers every message after a restart, with stable webhook ids', async () => {
    const env = {
      LEADGATE_DB: join(dir, 'db.sqlite'),
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_ADMIN_KEY: 'crash-admin-key-0123456789',
      LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
      // In-flight leases expire after twice this, so the test need not wait 30 s.
      LEADGATE_WEBHOOK_TIMEOUT: '1s',
    };
    // A slow receiver keeps deliveries in flight when the kill comes.
    const receiver = await webhookReceiver({ delayInMs: 150 });
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
      expect(before).toBeLessThan(LEADS);

      const second = await startLeadgate(env);
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
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await receiver.close();
    }
  }, 40_000);
});
