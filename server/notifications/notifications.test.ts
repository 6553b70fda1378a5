import { describe, expect, it } from 'vitest';
import { openApiValidator } from '../../tests/support/openapi-validator.ts';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, demoSubmission } from '../../tests/support/test-app.ts';
import { enqueueDailyDigests } from './digest.ts';

const SMTP = { url: 'smtp://mail.example.com:587', from: 'Leadgate <leads@example.com>' };
const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('email destinations (%s)', (dialect) => {
  it('are refused, saying why, while SMTP is not configured', async () => {
    const t = await appFor(dialect);
    expect(await (await t.admin('/v1/admin/notifications')).json()).toEqual({
      email: { available: false, reason: expect.stringContaining('LEADGATE_SMTP_URL') },
    });
    const res = await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'mailto:owner@example.com' },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([
      { path: 'url', message: expect.stringContaining('LEADGATE_SMTP_URL') },
    ]);
  });

  it('take addresses, lead.created (the default) or digest.daily, and no headers', async () => {
    const t = await appFor(dialect, { smtp: SMTP });
    const post = (body: unknown) => t.admin('/v1/admin/webhooks', { method: 'POST', body });
    const created = await post({ url: 'mailto:owner@example.com,sales@example.com' });
    expect(created.status).toBe(201);
    const destination = await created.json();
    expect(destination).toMatchObject({ events: ['lead.created'] });
    const issuesOf = async (body: unknown) => (await (await post(body)).json()).error?.issues;
    expect(await issuesOf({ url: 'mailto:not-an-address' })).toEqual([
      { path: 'url', message: '"not-an-address" is not an email address.' },
    ]);
    expect(await issuesOf({ url: 'mailto:a@example.com?subject=hi' })).toEqual([
      { path: 'url', message: expect.stringContaining('addresses only') },
    ]);
    expect(await issuesOf({ url: 'mailto:a@example.com', events: ['lead.erased'] })).toEqual([
      { path: 'events', message: 'An email destination takes lead.created or digest.daily.' },
    ]);
    expect(await issuesOf({ url: 'mailto:a@example.com', headers: { 'x-key': '1' } })).toEqual([
      { path: 'headers', message: 'An email destination takes no headers.' },
    ]);
    // A webhook cannot become an email destination that takes its events.
    const hook = await (await post({ url: 'https://crm.example/hook' })).json();
    const patched = await t.admin(`/v1/admin/webhooks/${hook.id}`, {
      method: 'PATCH',
      body: { url: 'mailto:a@example.com' },
    });
    expect(patched.status).toBe(422);
    // Each new lead is owed to the email destination, from the outbox, like a webhook.
    await t.app.request('/v1/forms/demo-ebook/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoSubmission()),
    });
    const owed = await t.sql('SELECT endpoint_id FROM webhook_deliveries');
    expect(owed.map((d) => d.endpoint_id)).toContain(destination.id);
  });
});

describe.each(DIALECTS)('the daily digest (%s)', (dialect) => {
  it("queues yesterday's counts per form and tier once per subscriber, for its forms, and nothing on a quiet day", async () => {
    const t = await appFor(dialect, { smtp: SMTP });
    const post = async (body: unknown) =>
      (await t.admin('/v1/admin/webhooks', { method: 'POST', body })).json();
    const everyForm = await post({ url: 'mailto:owner@example.com', events: ['digest.daily'] });
    const otherForm = await post({
      url: 'https://crm.example/daily',
      events: ['digest.daily'],
      formIds: ['other'],
    });
    const now = Date.parse('2026-11-26T09:00:00Z');
    const tiers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.app.request('/v1/forms/demo-ebook/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(demoSubmission()),
      });
      const { id, tier } = await res.json();
      tiers.push(tier);
      // Two yesterday (UTC), one today.
      const at = i < 2 ? Date.parse('2026-11-25T23:59:59Z') - i * 3600_000 : now - 60_000;
      await t.sql(`UPDATE leads SET created_at = ${at} WHERE id = '${id}'`);
    }
    expect(await enqueueDailyDigests(t.store, now)).toBe(1);
    // Again later the same day, or after a restart: nothing more.
    expect(await enqueueDailyDigests(t.store, now + 3600_000)).toBe(0);
    const digests = await t.sql<{ id: string; payload: string }>(
      "SELECT id, payload FROM webhook_messages WHERE event_type = 'digest.daily'",
    );
    expect(digests).toHaveLength(1);
    const payload = JSON.parse(digests[0]?.payload ?? '{}');
    expect(payload.data).toEqual({
      day: '2026-11-25',
      total: 2,
      forms: [{ formId: 'demo-ebook', leads: 2, tiers: { [tiers[0] as string]: 2 } }],
    });
    // As the OpenAPI document's `digest.daily` describes it.
    expect(openApiValidator().checkEvent(payload)).toEqual([]);
    const deliveries = await t.sql(
      `SELECT endpoint_id FROM webhook_deliveries WHERE message_id = '${digests[0]?.id}'`,
    );
    expect(deliveries.map((d) => d.endpoint_id)).toEqual([everyForm.id]);
    expect(deliveries.map((d) => d.endpoint_id)).not.toContain(otherForm.id);
    // A day without leads sends nothing.
    expect(await enqueueDailyDigests(t.store, now + 2 * DAY)).toBe(0);
  });
});
