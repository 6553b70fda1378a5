import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { answerEveryDelivery, appFor, demoSubmission, type TestApp } from '../../tests/support/test-app.ts';

let t: TestApp;
async function submit(patch: (s: ReturnType<typeof demoSubmission>) => void = () => {}) {
  const body = demoSubmission();
  patch(body);
  const res = await t.app.request('/v1/forms/demo-ebook/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}

describe.each(DIALECTS)('/v1/admin/leads (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('refuses a filter it does not know instead of returning everyone', async () => {
    await submit();
    const res = await t.admin('/v1/admin/leads?phone=555-0100');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'unknown_query_parameter',
      issues: [{ path: 'query.phone', message: expect.any(String) }],
    });
    // Each route takes its own: a page size means nothing to an export, a format nothing to a list.
    expect((await t.admin('/v1/admin/leads/export?limit=5')).status).toBe(400);
    expect((await t.admin('/v1/admin/leads?format=csv')).status).toBe(400);
    expect((await t.admin('/v1/admin/leads/lead_x?expand=1')).status).toBe(400);
    expect((await t.admin('/v1/admin/leads?tier=disqualified&limit=5')).status).toBe(200);
  });

  it('lists leads newest first, filtered, a page at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await submit((s) => (s.answers.email = `lead${i}@example.com`)));
    ids.push(await submit((s) => (s.answers.role = 'renter')));
    const page1 = await (await t.admin('/v1/admin/leads?limit=4')).json();
    expect(page1.data.map((l: { id: string }) => l.id)).toEqual(ids.slice(2).reverse());
    expect(page1.data[0]).toMatchObject({
      formId: 'demo-ebook',
      tier: 'disqualified',
      answers: { role: 'renter' },
    });
    const page2 = await (await t.admin(`/v1/admin/leads?limit=4&cursor=${page1.nextCursor}`)).json();
    expect(page2).toEqual({ data: expect.any(Array), nextCursor: null });
    expect(page2.data.map((l: { id: string }) => l.id)).toEqual(ids.slice(0, 2).reverse());
    const renters = await (await t.admin('/v1/admin/leads?tier=disqualified')).json();
    expect(renters.data).toHaveLength(1);
    expect((await t.admin('/v1/admin/leads?limit=0')).status).toBe(422);
    expect((await t.admin('/v1/admin/leads?since=yesterday')).status).toBe(422);
  });

  it('reads one lead with its consents', async () => {
    const id = await submit();
    const lead = await (await t.admin(`/v1/admin/leads/${id}`)).json();
    expect(lead).toMatchObject({
      id,
      score: 85,
      consents: [
        { key: 'privacy', granted: true },
        { key: 'marketing', granted: false },
      ],
    });
    expect((await t.admin('/v1/admin/leads/lead_nope')).status).toBe(404);
  });

  it('filters by email, matched normalised', async () => {
    const ada = await submit((s) => (s.answers.email = '  Ada@Example.COM '));
    await submit((s) => (s.answers.email = 'grace@example.com'));
    const again = await submit((s) => (s.answers.email = 'ada@example.com'));
    const found = await (await t.admin('/v1/admin/leads?email=ADA%40example.com')).json();
    expect(found.data.map((l: { id: string }) => l.id)).toEqual([again, ada]);
    expect(found.data[1].answers.email).toBe('Ada@Example.COM');
    const none = await (await t.admin('/v1/admin/leads?email=nobody%40example.com')).json();
    expect(none.data).toEqual([]);
    const csv = await (await t.admin('/v1/admin/leads/export?format=csv&email=grace%40example.com')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect((await t.admin('/v1/admin/leads?email=')).status).toBe(422);
  });

  it('erases a lead and forgets every message, delivery and attempt about it, then sends lead.erased', async () => {
    await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://crm.example', events: ['lead.created', 'lead.erased'] },
    });
    const id = await submit();
    const other = await submit((s) => {
      s.answers.email = 'grace@example.com';
      s.answers.name = 'Grace';
    });
    // A CRM that echoes the lead back in its response leaves the person's data in the attempt log.
    await answerEveryDelivery(t.store, {
      statusCode: 500,
      at: 1,
      latencyMs: 5,
      responseBody: () => '{"echo":{"email":"ada@example.com","name":"Ada"}}',
    });

    const [about] = await t.sql<{ id: string }>(`SELECT id FROM webhook_messages WHERE lead_id = '${id}'`);
    expect((await t.admin(`/v1/admin/leads/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.admin(`/v1/admin/leads/${id}`)).status).toBe(404);
    expect(await t.sql(`SELECT * FROM lead_answers WHERE lead_id = '${id}'`)).toEqual([]);
    expect(await t.sql(`SELECT * FROM leads WHERE id = '${id}'`)).toEqual([]);
    const messages = await t.sql<{ id: string; event_type: string; lead_id: string | null; payload: string }>(
      'SELECT * FROM webhook_messages ORDER BY id',
    );
    expect(messages.map((m) => [m.event_type, m.lead_id])).toEqual([
      ['lead.created', other],
      ['lead.erased', null],
    ]);
    expect(JSON.parse(messages[1]?.payload ?? '')).toMatchObject({
      type: 'lead.erased',
      data: { id, formId: 'demo-ebook' },
    });
    const attempts = await t.sql<{ message_id: string }>('SELECT message_id FROM webhook_attempts');
    expect(attempts.map((a) => a.message_id)).toEqual([messages[0]?.id]);
    expect(JSON.stringify(await t.sql('SELECT * FROM webhook_deliveries'))).not.toContain(id);
    expect(JSON.stringify(messages)).not.toContain('Ada');

    // Nothing about the erased lead can be sent again: replay finds only the other lead's message.
    const [endpoint] = (await (await t.admin('/v1/admin/webhooks')).json()).data;
    const replay = await t.admin(`/v1/admin/webhooks/${endpoint.id}/replay`, {
      method: 'POST',
      body: { since: '2000-01-01T00:00:00Z' },
    });
    expect(await replay.json()).toEqual({ queued: 1 });
    const redeliver = `/v1/admin/webhooks/${endpoint.id}/messages/${about?.id}/redeliver`;
    expect((await t.admin(redeliver, { method: 'POST' })).status).toBe(404);
    expect((await t.admin(`/v1/admin/leads/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('withdraws a consent as a new event, keeps the original as proof, and tells subscribers', async () => {
    const everything = await (
      await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://all.example' } })
    ).json();
    expect(everything.events).toEqual(['lead.*']);
    await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://created.example', events: ['lead.created'] },
    });
    const id = await submit((s) => (s.consents.marketing = true));
    const withdraw = (key: string, body: unknown) =>
      t.admin(`/v1/admin/leads/${id}/consents/${key}/withdraw`, { method: 'POST', body });

    const res = await withdraw('marketing', {
      source: 'email',
      note: 'Replied "unsubscribe" to a newsletter',
    });
    expect(res.status).toBe(201);
    const { consent } = await res.json();
    expect(consent).toMatchObject({
      key: 'marketing',
      granted: true,
      grantedNow: false,
      history: [{ granted: false, source: 'email', note: 'Replied "unsubscribe" to a newsletter' }],
    });
    expect(t.counters.wakes).toBe(2);
    // The decision as given is never edited; the withdrawal is a row of its own, with time and source.
    const granted = await t.sql("SELECT granted FROM lead_consents WHERE consent_key = 'marketing'");
    expect(granted.map((c) => Boolean(c.granted))).toEqual([true]);
    const events = await t.sql('SELECT * FROM lead_consent_events');
    expect(events).toMatchObject([
      { lead_id: id, consent_key: 'marketing', source: 'email', recorded_at: expect.any(Number) },
    ]);
    expect(events.map((e) => Boolean(e.granted))).toEqual([false]);
    const lead = await (await t.admin(`/v1/admin/leads/${id}`)).json();
    expect(lead.consents[1]).toMatchObject({ key: 'marketing', granted: true, grantedNow: false });
    const csv = await (await t.admin('/v1/admin/leads/export?format=csv')).text();
    expect(csv.trim().split('\r\n')[1]).toContain(',true,false,');

    const [message] = await t.sql<{ id: string; payload: string }>(
      "SELECT id, payload FROM webhook_messages WHERE event_type = 'lead.consent_withdrawn'",
    );
    expect(JSON.parse(message?.payload ?? '')).toEqual({
      type: 'lead.consent_withdrawn',
      timestamp: consent.history[0].recordedAt,
      data: {
        id,
        formId: 'demo-ebook',
        consentKey: 'marketing',
        withdrawnAt: consent.history[0].recordedAt,
        source: 'email',
      },
    });
    const owed = await t.sql(
      `SELECT endpoint_id FROM webhook_deliveries WHERE message_id = '${message?.id}'`,
    );
    expect(owed.map((d) => d.endpoint_id)).toEqual([everything.id]);

    expect((await withdraw('marketing', { source: 'email' })).status).toBe(409);
    expect((await withdraw('newsletter', { source: 'email' })).status).toBe(404);
    expect((await withdraw('privacy', {})).status).toBe(422);
    expect((await withdraw('privacy', { source: 'email', by: 'me' })).status).toBe(422);
    expect(
      (
        await t.admin(`/v1/admin/leads/lead_nope/consents/privacy/withdraw`, {
          method: 'POST',
          body: { source: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('exports CSV with a column per field, safe for spreadsheets, and NDJSON', async () => {
    await submit((s) => {
      s.answers.name = '=HYPERLINK("http://evil.example","click")';
    });
    const csv = await (await t.admin('/v1/admin/leads/export?format=csv')).text();
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe(
      'id,form_id,form_version,created_at,score,tier,email,name,campaign,role,properties,monthly_bill,timeline,interests,consent_privacy,consent_marketing,page_url,referrer,utm',
    );
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).toContain(',true,false,');
    const ndjson = await (await t.admin('/v1/admin/leads/export?format=ndjson')).text();
    expect(JSON.parse(ndjson.trim()).answers.email).toBe('ada@example.com');
    expect((await t.admin('/v1/admin/leads/export?format=xml')).status).toBe(422);

    // A field removed in a later version keeps its column: older leads have answers for it.
    const def = (await (await t.admin('/v1/admin/forms/demo-ebook')).json()).definition;
    def.steps[0].fields = def.steps[0].fields.filter((f: { key: string }) => f.key !== 'name');
    await t.admin('/v1/admin/forms/demo-ebook', { method: 'PUT', body: def });
    const after = await (await t.admin('/v1/admin/leads/export?format=csv&formId=demo-ebook')).text();
    expect(after.split('\r\n')[0]).toContain(',email,name,');
  });
});
