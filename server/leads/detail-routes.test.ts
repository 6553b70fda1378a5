import { createHash } from 'node:crypto';
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
const ids = async (path: string) =>
  ((await (await t.admin(path)).json()).data as { id: string }[]).map((l) => l.id);

describe.each(DIALECTS)('the inbox filters (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('find leads by words in the email address or any answer, wildcards taken literally', async () => {
    const ada = await submit((s) => {
      s.answers.email = 'ada@analytical.example';
      s.answers.name = 'Ada Lovelace';
    });
    const grace = await submit((s) => {
      s.answers.email = 'grace@navy.example';
      s.answers.name = 'Grace 100% Hopper';
    });
    expect(await ids('/v1/admin/leads?q=lovelace')).toEqual([ada]);
    expect(await ids('/v1/admin/leads?q=NAVY.example')).toEqual([grace]);
    expect(await ids('/v1/admin/leads?q=.example')).toEqual([grace, ada]);
    expect(await ids('/v1/admin/leads?q=100%25')).toEqual([grace]);
    expect(await ids('/v1/admin/leads?q=a_a')).toEqual([]);
    expect(await ids('/v1/admin/leads?q=%20')).toEqual([grace, ada]);
    const csv = await (await t.admin('/v1/admin/leads/export?q=lovelace')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });

  it('filter by a consent as it stands now, withdrawals counted', async () => {
    const yes = await submit((s) => (s.consents.marketing = true));
    const no = await submit();
    const withdrawn = await submit((s) => (s.consents.marketing = true));
    const res = await t.admin(`/v1/admin/leads/${withdrawn}/consents/marketing/withdraw`, {
      method: 'POST',
      body: { source: 'email' },
    });
    expect(res.status).toBe(201);
    expect(await ids('/v1/admin/leads?consent=marketing:granted')).toEqual([yes]);
    expect(await ids('/v1/admin/leads?consent=marketing:not_granted')).toEqual([withdrawn, no]);
    expect(await ids('/v1/admin/leads?consent=privacy:granted')).toEqual([withdrawn, no, yes]);
    const bad = await t.admin('/v1/admin/leads?consent=marketing');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0].path).toBe('consent');
  });
});

describe.each(DIALECTS)('GET /v1/admin/leads/:id (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('gives each consent’s SHA-256 beside the exact text', async () => {
    const id = await submit();
    const lead = await (await t.admin(`/v1/admin/leads/${id}`)).json();
    for (const c of lead.consents) {
      expect(c.textSha256).toBe(createHash('sha256').update(c.text).digest('hex'));
    }
  });
});

describe.each(DIALECTS)('GET /v1/admin/leads/:id/scoring (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('shows where the points came from, on the form version the lead was scored on', async () => {
    const id = await submit();
    // A later version with other points changes nothing for this lead.
    const form = await (await t.admin('/v1/admin/forms/demo-ebook')).json();
    form.definition.scoring = [];
    expect(
      (await t.admin('/v1/admin/forms/demo-ebook', { method: 'PUT', body: form.definition })).status,
    ).toBe(200);
    const res = await t.admin(`/v1/admin/leads/${id}/scoring`);
    expect(res.status).toBe(200);
    const scoring = await res.json();
    expect(scoring).toMatchObject({ score: 85, tier: 'sales_qualified', disqualifiedBy: null, agrees: true });
    expect(scoring.parts).toEqual([
      { source: 'option', field: 'role', value: 'property_manager', points: 40 },
      { source: 'option', field: 'monthly_bill', value: 'over_300', points: 30 },
      { source: 'option', field: 'timeline', value: 'this_year', points: 15 },
    ]);
    expect((await t.admin('/v1/admin/leads/lead_nope/scoring')).status).toBe(404);
    expect((await t.admin(`/v1/admin/leads/${id}/scoring?x=1`)).status).toBe(400);
  });
});

describe.each(DIALECTS)('GET /v1/admin/leads/:id/webhooks (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('lists every message about the lead with its deliveries and attempts', async () => {
    await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://crm.example/hook' } });
    const id = await submit();
    await answerEveryDelivery(t.store, {
      statusCode: 500,
      at: Date.now(),
      latencyMs: 12,
      responseBody: () => 'oops',
    });
    const { data } = await (await t.admin(`/v1/admin/leads/${id}/webhooks`)).json();
    expect(data).toMatchObject([
      {
        type: 'lead.created',
        deliveries: [
          {
            url: 'https://crm.example/hook',
            status: 'failed',
            attempts: [{ statusCode: 500, latencyMs: 12, responseBody: 'oops' }],
          },
        ],
      },
    ]);
    expect((await t.admin('/v1/admin/leads/lead_nope/webhooks')).status).toBe(404);
  });
});

describe.each(DIALECTS)('GET /v1/admin/forms/:id/versions/:version (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('gives the definition a lead was filled on', async () => {
    const res = await t.admin('/v1/admin/forms/demo-ebook/versions/1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: 'demo-ebook',
      version: 1,
      definition: { id: 'demo-ebook' },
    });
    expect((await t.admin('/v1/admin/forms/demo-ebook/versions/2')).status).toBe(404);
    expect((await t.admin('/v1/admin/forms/demo-ebook/versions/x')).status).toBe(404);
    expect((await t.admin('/v1/admin/forms/demo-ebook/versions/1e3')).status).toBe(404);
  });
});
