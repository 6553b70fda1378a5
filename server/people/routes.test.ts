import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { answerEveryDelivery, appFor, demoSubmission, type TestApp } from '../../tests/support/test-app.ts';

let t: TestApp;
let keys = 0;
async function submit(email: string, name: string, marketing = false) {
  const body = demoSubmission();
  body.answers.email = email;
  body.answers.name = name;
  body.consents.marketing = marketing;
  const res = await t.app.request('/v1/forms/demo-ebook/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `key-${++keys}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}

/** Ada's two leads (typed two ways) and Grace's one, with a CRM that echoes leads back in its responses. */
async function people() {
  const crm = await (
    await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://crm.example/hook' } })
  ).json();
  const first = await submit(' Ada@Example.COM', 'Ada Byron', true);
  const second = await submit('ada@example.com', 'Ada L.');
  const grace = await submit('grace@example.com', 'Grace Hopper');
  await t.admin(`/v1/admin/leads/${first}/consents/marketing/withdraw`, {
    method: 'POST',
    body: { source: 'phone', note: 'Called on 2026-11-25' },
  });
  await answerEveryDelivery(t.store, {
    statusCode: 200,
    at: Date.parse('2026-11-25T10:00:00Z'),
    latencyMs: 12,
    responseBody: (payload) => `{"received":${payload}}`,
  });
  return { crm, first, second, grace };
}

/** Every row of every table, as text: where a person's data could still be. */
async function everything(): Promise<string> {
  const tables = await t.sql<{ name: string }>(
    t.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
  );
  const rows = await Promise.all(tables.map(({ name }) => t.sql(`SELECT * FROM "${name}"`)));
  return rows.map((r) => JSON.stringify(r)).join('\n');
}

describe.each(DIALECTS)('/v1/admin/people (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('finds every lead of one person by their normalised email, and no one else', async () => {
    const { first, second } = await people();
    const res = await t.admin('/v1/admin/people?email=%20ADA%40example.com');
    expect(res.status).toBe(200);
    const found = await res.json();
    expect(found.email).toBe('ada@example.com');
    expect(found.data.map((l: { id: string }) => l.id)).toEqual([second, first]);
    expect((await (await t.admin('/v1/admin/people?email=nobody%40example.com')).json()).data).toEqual([]);
  });

  it('never reads a missing, malformed or unknown filter as "everyone"', async () => {
    await people();
    for (const path of ['/v1/admin/people', '/v1/admin/people/export', '/v1/admin/people?email=ada']) {
      const res = await t.admin(path);
      expect(res.status).toBe(422);
      expect((await res.json()).error.issues[0].path).toBe('email');
    }
    const unknown = await t.admin('/v1/admin/people?email=ada%40example.com&formId=demo-ebook');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.issues).toEqual([
      { path: 'query.formId', message: expect.any(String) },
    ]);
    expect((await t.admin('/v1/admin/people', { method: 'DELETE' })).status).toBe(422);
    expect((await t.admin('/v1/admin/people?email=a%40b.c&email=d%40e.f', { method: 'DELETE' })).status).toBe(
      400,
    );
    expect((await (await t.admin('/v1/admin/leads')).json()).data).toHaveLength(3);
  });

  it('exports everything held about the person as one JSON document', async () => {
    const { crm, first, second } = await people();
    const res = await t.admin('/v1/admin/people/export?email=ada%40example.com');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const doc = await res.json();
    expect(doc).toMatchObject({ email: 'ada@example.com', exportedAt: expect.any(String) });
    expect(doc.leads.map((l: { id: string }) => l.id)).toEqual([first, second]);
    expect(JSON.stringify(doc)).not.toContain('Grace');
    const [lead] = doc.leads;
    expect(lead).toMatchObject({
      formId: 'demo-ebook',
      formVersion: 1,
      answers: { email: 'Ada@Example.COM', name: 'Ada Byron', role: 'property_manager' },
      score: expect.any(Number),
      tier: expect.any(String),
      context: { pageUrl: 'https://example.com/ebook?utm_source=news', utm: { utm_source: 'news' } },
      consents: [
        {
          key: 'privacy',
          granted: true,
          grantedNow: true,
          history: [],
          text: expect.stringContaining('agree'),
        },
        {
          key: 'marketing',
          granted: true,
          grantedNow: false,
          history: [
            { granted: false, source: 'phone', note: 'Called on 2026-11-25', recordedAt: expect.any(String) },
          ],
        },
      ],
    });
    expect(lead.webhooks.map((m: { type: string }) => m.type)).toEqual([
      'lead.created',
      'lead.consent_withdrawn',
    ]);
    expect(lead.webhooks[0]).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      payload: { type: 'lead.created', data: { id: first, answers: { name: 'Ada Byron' } } },
      deliveries: [
        {
          endpointId: crm.id,
          url: 'https://crm.example/hook',
          status: 'delivered',
          attempts: [
            {
              attemptedAt: '2026-11-25T10:00:00.000Z',
              statusCode: 200,
              latencyMs: 12,
              responseBody: expect.stringContaining('Ada Byron'),
              error: null,
            },
          ],
        },
      ],
    });
    const none = await (await t.admin('/v1/admin/people/export?email=nobody%40example.com')).json();
    expect(none).toMatchObject({ email: 'nobody@example.com', leads: [] });
  });

  it('erases the person from every table and column, sends lead.erased per lead, and keeps others', async () => {
    const { crm, first, second, grace } = await people();
    expect(await everything()).toContain('Ada Byron');
    const wakes = t.counters.wakes;
    const res = await t.admin('/v1/admin/people?email=ADA%40EXAMPLE.COM', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ email: 'ada@example.com', erased: [first, second] });
    expect(t.counters.wakes).toBe(wakes + 1);

    const rows = await everything();
    for (const trace of ['ada@example.com', 'Ada@Example.COM', 'Ada Byron', 'Ada L.', 'Called on 2026-11-25'])
      expect(rows).not.toContain(trace);
    expect(rows).toContain('Grace Hopper');
    expect((await (await t.admin('/v1/admin/people?email=ada%40example.com')).json()).data).toEqual([]);
    expect((await (await t.admin(`/v1/admin/leads/${grace}`)).json()).answers.name).toBe('Grace Hopper');

    const erased = await t.sql<{ id: string; payload: string }>(
      "SELECT id, payload FROM webhook_messages WHERE event_type = 'lead.erased' ORDER BY id",
    );
    expect(erased.map((m) => JSON.parse(m.payload).data.id)).toEqual([first, second]);
    const owed = await t.sql(
      "SELECT endpoint_id, message_id FROM webhook_deliveries WHERE status = 'pending' ORDER BY message_id",
    );
    expect(owed.map((d) => [d.endpoint_id, d.message_id])).toEqual(erased.map((m) => [crm.id, m.id]));

    // Nothing about them can be sent again: no message left to redeliver, and replay finds only Grace's.
    await t.sql("UPDATE webhook_deliveries SET status = 'failed'");
    const replay = await t.admin(`/v1/admin/webhooks/${crm.id}/replay`, {
      method: 'POST',
      body: { since: '2000-01-01T00:00:00Z' },
    });
    expect(await replay.json()).toEqual({ queued: 3 });
    const again = await (
      await t.admin('/v1/admin/people?email=ada%40example.com', { method: 'DELETE' })
    ).json();
    expect(again.erased).toEqual([]);
  });
});
