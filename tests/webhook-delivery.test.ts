/**
 * Webhook delivery over real HTTP on 127.0.0.1, every message verified with both the standardwebhooks and
 * the svix libraries and checked against its event's schema in the OpenAPI document: retries with the same
 * id, Retry-After, redirects, 410, rotation, a test event, and every event type a subscriber can receive.
 */
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type ReceivedWebhook, webhookReceiver } from './support/http-fixtures.ts';
import { openApiValidator } from './support/openapi-validator.ts';
import { DIALECTS } from './support/postgres.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
const documented = openApiValidator();

const startFor = async (dialect: (typeof DIALECTS)[number]) => {
  server = await startTestServer(
    {
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_ADMIN_KEY: 'delivery-test-admin-key',
      LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
      // Short retries, so a test sees several attempts in a second.
      LEADGATE_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms',
      LEADGATE_WEBHOOK_TIMEOUT: '2s',
    },
    { webhook: { jitter: 0, pollIntervalInMs: 50 }, dialect },
  );
};

async function endpoint(url: string, extra: Record<string, unknown> = {}) {
  return (await (
    await server.admin('/v1/admin/webhooks', { method: 'POST', body: { url, ...extra } })
  ).json()) as {
    id: string;
    secret: string;
  };
}

async function submitLead(email: string, consents: Record<string, boolean> = {}): Promise<string> {
  const res = await fetch(`${server.url}/v1/forms/demo-ebook/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      answers: { email, role: 'homeowner', monthly_bill: 'under_100', timeline: 'researching' },
      consents: { privacy: true, ...consents },
      context: { pageUrl: 'https://www.example.com/energy', utm: { utm_source: 'newsletter' }, locale: 'en' },
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

/** Both libraries accept it with `secret`, and its body is as the OpenAPI document's `webhooks` describe it. */
function verifiedBoth(w: ReceivedWebhook, secret: string) {
  const headers = w.headers as Record<string, string>;
  const a = new Webhook(secret).verify(w.body, headers);
  const b = new SvixWebhook(secret).verify(w.body, headers);
  expect(b).toEqual(a);
  expect(documented.checkEvent(a as { type: string })).toEqual([]);
  return a as { type: string; data: { id: string } };
}

describe.each(DIALECTS)('webhook delivery (%s)', (dialect) => {
  beforeAll(() => startFor(dialect));
  afterAll(() => server?.close());

  it('retries a failing endpoint with the same webhook-id and a fresh signature, verified by both libraries', async () => {
    let n = 0;
    const receiver = await webhookReceiver({ status: () => (++n <= 2 ? 500 : 204) });
    try {
      const { secret } = await endpoint(`${receiver.url}/hook`);
      const id = await submitLead('retry@example.com');
      await eventually(() => receiver.received.length === 3);
      const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      const signatures = new Set(receiver.received.map((r) => r.headers['webhook-signature']));
      expect(signatures.size).toBe(3);
      for (const r of receiver.received)
        expect(verifiedBoth(r, secret)).toMatchObject({ type: 'lead.created', data: { id } });
    } finally {
      await receiver.close();
    }
  });

  it('honours Retry-After, does not follow redirects, and disables an endpoint that answers 410', async () => {
    let n = 0;
    // Retry-After: 2 (seconds) pushes the retry past the 200 ms schedule and the 1 s circuit pause.
    const slow = await webhookReceiver({
      status: () => (++n === 1 ? 429 : 200),
      headers: { 'retry-after': '2' },
    });
    const target = await webhookReceiver();
    const redirect = await webhookReceiver({ status: () => 307 });
    const gone = await webhookReceiver({ status: () => 410 });
    try {
      await endpoint(`${slow.url}/hook`);
      const r = await endpoint(`${redirect.url}/hook?to=${target.url}`);
      const g = await endpoint(`${gone.url}/hook`);
      await submitLead('policy@example.com');
      await eventually(() => gone.received.length === 1 && redirect.received.length >= 2);
      expect(target.received).toEqual([]);
      await eventually(
        async () => (await (await server.admin(`/v1/admin/webhooks/${g.id}`)).json()).enabled === false,
      );
      expect((await (await server.admin(`/v1/admin/webhooks/${g.id}`)).json()).disabledReason).toBe('gone');
      const attempts = (await (await server.admin(`/v1/admin/webhooks/${r.id}/attempts`)).json()).data;
      expect(attempts[0]).toMatchObject({ statusCode: 307, error: 'HTTP 307' });
      await eventually(() => slow.received.length === 2);
      const [first, second] = slow.received;
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1950);
    } finally {
      for (const f of [slow, target, redirect, gone]) await f.close();
    }
  });

  it('signs with both secrets during a rotation, so old and new verify', async () => {
    const receiver = await webhookReceiver();
    try {
      const { id, secret: old } = await endpoint(`${receiver.url}/hook`);
      const { secret: fresh } = await (
        await server.admin(`/v1/admin/webhooks/${id}/rotate-secret`, { method: 'POST' })
      ).json();
      await submitLead('rotate@example.com');
      const [w] = await eventually(() => receiver.received.length > 0 && receiver.received);
      if (!w) throw new Error('no delivery');
      expect(String(w.headers['webhook-signature']).split(' ')).toHaveLength(2);
      verifiedBoth(w, old);
      verifiedBoth(w, fresh);
    } finally {
      await receiver.close();
    }
  });

  it('sends a test event to one endpoint and logs every attempt', async () => {
    const receiver = await webhookReceiver();
    try {
      const { id, secret } = await endpoint(`${receiver.url}/hook`, { events: ['lead.erased'] });
      const { messageId } = await (
        await server.admin(`/v1/admin/webhooks/${id}/test`, { method: 'POST' })
      ).json();
      const [w] = await eventually(() => receiver.received.length > 0 && receiver.received);
      if (!w) throw new Error('no delivery');
      expect(verifiedBoth(w, secret).type).toBe('webhook.test');
      // Recorded once the answer is in: a moment after the receiver saw the request.
      const attempts = await eventually(async () => {
        const log = await (await server.admin(`/v1/admin/webhooks/messages/${messageId}/attempts`)).json();
        return log.data.length > 0 && log.data;
      });
      expect(attempts).toMatchObject([{ messageId, endpointId: id, statusCode: 200, error: null }]);
    } finally {
      await receiver.close();
    }
  });

  it('sends every event type a subscriber can receive, each as the OpenAPI document describes it', async () => {
    const receiver = await webhookReceiver();
    const gone = await webhookReceiver({ status: () => 410 });
    try {
      const { id, secret } = await endpoint(`${receiver.url}/hook`, {
        events: ['lead.*', 'endpoint.disabled'],
      });
      await endpoint(`${gone.url}/hook`, { events: ['lead.created'] });
      const types = () => [...new Set(receiver.received.map((w) => verifiedBoth(w, secret).type))].sort();
      const leadId = await submitLead('events@example.com', { marketing: true });
      const withdrawn = await server.admin(`/v1/admin/leads/${leadId}/consents/marketing/withdraw`, {
        method: 'POST',
        body: { source: 'email' },
      });
      expect(withdrawn.status).toBe(201);
      // Erasing a lead forgets its messages not yet sent: wait for them first.
      await eventually(() => types().length === 3 && gone.received.length > 0);
      expect((await server.admin(`/v1/admin/leads/${leadId}`, { method: 'DELETE' })).status).toBe(204);
      await server.admin(`/v1/admin/webhooks/${id}/test`, { method: 'POST' });
      const expected = [
        'endpoint.disabled',
        'lead.consent_withdrawn',
        'lead.created',
        'lead.erased',
        'webhook.test',
      ];
      await eventually(() => types().length === expected.length);
      expect(types()).toEqual(expected);
    } finally {
      await receiver.close();
      await gone.close();
    }
  });
});
