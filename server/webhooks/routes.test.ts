import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { answerEveryDelivery, appFor, type TestApp } from '../../tests/support/test-app.ts';
import { subscribesTo } from './outbox.ts';

let t: TestApp;
describe.each(DIALECTS)('/v1/admin/webhooks (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('401s without a valid admin key', async () => {
    for (const authorization of [undefined, 'Bearer wrong-key-0000000000', 'Basic abc']) {
      const res = await t.app.request(
        '/v1/admin/webhooks',
        authorization ? { headers: { authorization } } : {},
      );
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('refuses query parameters a route does not take, by name', async () => {
    const { id } = await (
      await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://crm.example/hooks' } })
    ).json();
    for (const path of [
      '/v1/admin/webhooks?enabled=false',
      `/v1/admin/webhooks/${id}?x=1`,
      `/v1/admin/webhooks/${id}/attempts?after=5`,
      `/v1/admin/webhooks/${id}/messages?state=failed`,
    ]) {
      const res = await t.admin(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.code).toBe('unknown_query_parameter');
    }
    expect((await t.admin(`/v1/admin/webhooks/${id}/attempts?before=12`)).status).toBe(200);
    expect((await t.admin(`/v1/admin/webhooks/${id}/attempts?before=soon`)).status).toBe(422);
    expect((await t.admin(`/v1/admin/webhooks/${id}/messages?status=lost`)).status).toBe(422);
    expect((await t.admin(`/v1/admin/webhooks/${id}/test?now=1`, { method: 'POST' })).status).toBe(400);
  });

  it('registers an endpoint and returns its secret once', async () => {
    const res = await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://crm.example/hooks', events: ['lead.created'], description: 'CRM' },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      url: 'https://crm.example/hooks',
      events: ['lead.created'],
      enabled: true,
      secret: expect.stringMatching(/^whsec_/),
    });
    const listed = await (await t.admin('/v1/admin/webhooks')).json();
    expect(listed.data).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const one = await (await t.admin(`/v1/admin/webhooks/${created.id}`)).json();
    expect(one.secret).toBeUndefined();
  });

  it('subscribes a new endpoint that names no events to every lead.* event, later ones included', async () => {
    const res = await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://crm.example' } });
    expect((await res.json()).events).toEqual(['lead.*']);
    const chosen = await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://crm.example', events: ['lead.*', 'endpoint.disabled'] },
    });
    expect(chosen.status).toBe(201);
    for (const type of ['lead.created', 'lead.erased', 'lead.consent_withdrawn', 'lead.some_future_event'])
      expect(subscribesTo(['lead.*'], type)).toBe(true);
    expect(subscribesTo(['lead.*'], 'endpoint.disabled')).toBe(false);
    expect(subscribesTo(['lead.created'], 'lead.erased')).toBe(false);
  });

  it.each([
    [{ url: 'ftp://crm.example' }, 'url'],
    [{ url: 'https://user:pw@crm.example' }, 'url'],
    [{ url: 'https://crm.example', events: ['lead.deleted'] }, 'events.0'],
    [{ url: 'https://crm.example', events: [] }, 'events'],
    [{ url: 'https://crm.example', colour: 'red' }, 'colour'],
  ])('refuses %j with a 422 at %s', async (body, path) => {
    const res = await t.admin('/v1/admin/webhooks', { method: 'POST', body });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
  });

  it('updates, rotates and deletes', async () => {
    const { id, secret } = await (
      await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://a.example' } })
    ).json();
    const patched = await t.admin(`/v1/admin/webhooks/${id}`, { method: 'PATCH', body: { enabled: false } });
    expect(await patched.json()).toMatchObject({ id, enabled: false, url: 'https://a.example' });
    const rotated = await (
      await t.admin(`/v1/admin/webhooks/${id}/rotate-secret`, { method: 'POST' })
    ).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await t.admin(`/v1/admin/webhooks/${id}/attempts`)).status).toBe(200);
    expect((await t.admin(`/v1/admin/webhooks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.admin(`/v1/admin/webhooks/${id}`)).status).toBe(404);
    expect((await t.admin(`/v1/admin/webhooks/${id}/rotate-secret`, { method: 'POST' })).status).toBe(404);
  });
});

describe.each(DIALECTS)('/v1/admin/webhooks: filters, headers and the delivery log (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  const submit = () =>
    t.app.request('/v1/forms/demo-ebook/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: {
          email: 'a@example.com',
          role: 'renter',
          monthly_bill: 'under_100',
          timeline: 'researching',
        },
        consents: { privacy: true },
      }),
    });

  it('filters by form and takes custom headers, refusing the ones Leadgate sets', async () => {
    const other = await (
      await t.admin('/v1/admin/webhooks', {
        method: 'POST',
        body: { url: 'https://a.example', formIds: ['whitepaper'] },
      })
    ).json();
    const demo = await (
      await t.admin('/v1/admin/webhooks', {
        method: 'POST',
        body: { url: 'https://b.example', formIds: ['demo-ebook'], headers: { 'X-Api-Key': 'k1' } },
      })
    ).json();
    expect(demo).toMatchObject({ formIds: ['demo-ebook'], headers: { 'X-Api-Key': 'k1' } });
    await submit();
    const owed = async (id: string) =>
      (await (await t.admin(`/v1/admin/webhooks/${id}/messages`)).json()).data;
    expect(await owed(other.id)).toEqual([]);
    expect(await owed(demo.id)).toMatchObject([
      { eventType: 'lead.created', status: 'pending', attempts: 0 },
    ]);
    for (const headers of [
      { 'webhook-signature': 'v1,forged' },
      { 'Content-Type': 'text/plain' },
      { 'X-A': 'a\r\nb' },
    ]) {
      const res = await t.admin('/v1/admin/webhooks', {
        method: 'POST',
        body: { url: 'https://c.example', headers },
      });
      expect(res.status).toBe(422);
    }
  });

  it('sends a test event, redelivers a message and replays failures since a time', async () => {
    const { id, secret } = await (
      await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://a.example' } })
    ).json();
    expect((await (await t.admin(`/v1/admin/webhooks/${id}/secret`)).json()).secret).toBe(secret);
    const test = await t.admin(`/v1/admin/webhooks/${id}/test`, { method: 'POST' });
    expect(test.status).toBe(202);
    const { messageId } = await test.json();
    expect(messageId).toMatch(/^msg_/);
    expect(t.counters.wakes).toBe(1);

    await submit();
    // Mark everything failed, as if the schedule had run out.
    await t.sql("UPDATE webhook_deliveries SET status = 'failed', attempt_count = 8");
    const replay = await t.admin(`/v1/admin/webhooks/${id}/replay`, {
      method: 'POST',
      body: { since: '2000-01-01T00:00:00Z' },
    });
    expect(await replay.json()).toEqual({ queued: 2 });
    expect(await t.sql('SELECT status, attempt_count FROM webhook_deliveries ORDER BY id')).toEqual([
      { status: 'pending', attempt_count: 0 },
      { status: 'pending', attempt_count: 0 },
    ]);
    await t.sql("UPDATE webhook_deliveries SET status = 'delivered'");
    expect(
      (await t.admin(`/v1/admin/webhooks/${id}/messages/${messageId}/redeliver`, { method: 'POST' })).status,
    ).toBe(202);
    expect((await t.admin(`/v1/admin/webhooks/${id}/messages?status=pending`)).status).toBe(200);
    const pending = (await (await t.admin(`/v1/admin/webhooks/${id}/messages?status=pending`)).json()).data;
    expect(pending.map((m: { messageId: string }) => m.messageId)).toEqual([messageId]);
    expect(
      (await t.admin(`/v1/admin/webhooks/${id}/messages/msg_nope/redeliver`, { method: 'POST' })).status,
    ).toBe(404);
    expect(
      (await t.admin(`/v1/admin/webhooks/${id}/replay`, { method: 'POST', body: { since: 'last week' } }))
        .status,
    ).toBe(422);
    expect((await t.admin(`/v1/admin/webhooks/messages/${messageId}/attempts`)).status).toBe(200);
  });

  it('shows each endpoint’s health: the last 2xx from the attempts log, failing since, the circuit', async () => {
    const { id } = await (
      await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://a.example' } })
    ).json();
    const health = async () =>
      (await (await t.admin(`/v1/admin/webhooks/${id}`)).json()) as Record<string, unknown>;
    expect(await health()).toMatchObject({ lastSuccessAt: null, failingSince: null, circuitOpenUntil: null });
    await submit();
    await answerEveryDelivery(t.store, {
      statusCode: 204,
      at: Date.UTC(2026, 10, 1),
      latencyMs: 5,
      responseBody: () => '',
    });
    await submit();
    // A later failure does not hide the last success.
    await answerEveryDelivery(t.store, {
      statusCode: 500,
      at: Date.UTC(2026, 10, 2),
      latencyMs: 5,
      responseBody: () => '',
    });
    expect((await health()).lastSuccessAt).toBe('2026-11-01T00:00:00.000Z');
    const [listed] = (await (await t.admin('/v1/admin/webhooks')).json()).data;
    expect(listed.lastSuccessAt).toBe('2026-11-01T00:00:00.000Z');
  });
});
