import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, demoSubmission, type TestApp } from '../../tests/support/test-app.ts';
import { demoForm } from '../forms/demo-form.ts';

let t: TestApp;
const today = new Date().toISOString().slice(0, 10);

const beacon = (kind: string, step = 0, utm_source = 'news') =>
  t.app.request('/v1/forms/demo-ebook/events', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ kind, step: String(step), version: '1', utm_source }).toString(),
  });

const submit = (body: unknown, headers: Record<string, string> = {}, formId = 'demo-ebook') =>
  t.app.request(`/v1/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
    body: JSON.stringify(body),
  });

describe.each(DIALECTS)('GET /v1/admin/analytics/funnel (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('needs the admin key', async () => {
    expect((await t.app.request('/v1/admin/analytics/funnel')).status).toBe(401);
  });

  it('is all zeros before anything happened, over the last 30 days', async () => {
    const res = await t.admin('/v1/admin/analytics/funnel');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ formId: null, until: today, views: 0, submissions: 0, conversion: null });
    expect(Date.parse(body.until) - Date.parse(body.since)).toBe(29 * 86_400_000);
    expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual(['view', 'start', 'submit']);
    expect(body.refused).toEqual({ total: 0, byReason: [] });
    expect(body.forms).toEqual([]);
  });

  it('moves with views, starts, steps and submissions, with rates and tiers', async () => {
    await beacon('view');
    await beacon('view', 0, 'ads');
    await beacon('start');
    await beacon('step', 2);
    expect((await submit(demoSubmission())).status).toBe(201);
    // A replay of the same submission is not a second one.
    const body = demoSubmission();
    const key = { 'idempotency-key': 'same-key' };
    await submit(body, key);
    await submit(body, key);

    const res = await t.admin('/v1/admin/analytics/funnel?formId=demo-ebook');
    const funnel = await res.json();
    expect(funnel).toMatchObject({
      formId: 'demo-ebook',
      views: 2,
      starts: 1,
      submissions: 2,
      conversion: 1,
    });
    expect(funnel.stages).toEqual([
      { stage: 'view', count: 2, ofPrevious: null, ofViews: null },
      { stage: 'start', count: 1, ofPrevious: 0.5, ofViews: 0.5 },
      { stage: 'step', step: 2, count: 1, ofPrevious: 1, ofViews: 0.5 },
      { stage: 'submit', count: 2, ofPrevious: 2, ofViews: 1 },
    ]);
    expect(funnel.tiers.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(2);
    expect(funnel.forms).toBeUndefined();

    const all = await (await t.admin('/v1/admin/analytics/funnel')).json();
    expect(all.forms).toEqual([{ formId: 'demo-ebook', views: 2, starts: 1, submissions: 2, conversion: 1 }]);
  });

  it('counts refused submissions by reason: origin, validation, rate limit, bot gates', async () => {
    t = await appFor(dialect, { rateLimitPerMinute: 3 });
    await t.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'closed', allowedOrigins: ['https://mine.example'] },
    });
    expect((await submit(demoSubmission(), { origin: 'https://other.example' }, 'closed')).status).toBe(403);
    expect((await submit({ answers: {} })).status).toBe(422);
    expect((await submit({ ...demoSubmission(), extra: 1 })).status).toBe(422);
    for (let i = 0; i < 2; i++) await submit({ answers: {} });
    // Unknown forms are no one's refusals.
    expect((await submit({ answers: {} }, {}, 'nope')).status).toBe(404);

    const all = await (await t.admin('/v1/admin/analytics/funnel')).json();
    expect(all.refused).toEqual({
      total: 5,
      byReason: [
        { reason: 'validation', count: 3 },
        { reason: 'origin_not_allowed', count: 1 },
        { reason: 'rate_limited', count: 1 },
      ],
    });
    const closed = await (await t.admin('/v1/admin/analytics/funnel?formId=closed')).json();
    expect(closed.refused.byReason).toEqual([{ reason: 'origin_not_allowed', count: 1 }]);
    // The per-form refusal log shows them too.
    expect((await (await t.admin('/v1/admin/forms/demo-ebook/blocked')).json()).total).toBe(4);
  });

  it('reads its query strictly', async () => {
    const status = async (q: string) => (await t.admin(`/v1/admin/analytics/funnel?${q}`)).status;
    expect(await status('form=demo-ebook')).toBe(400);
    expect(await status('formId=nope')).toBe(404);
    expect(await status('since=2026-13-01')).toBe(422);
    expect(await status('until=2026-02-30')).toBe(422);
    expect(await status('since=2026-02-02&until=2026-02-01')).toBe(422);
    expect(await status('since=2024-01-01&until=2026-01-01')).toBe(422);
    expect(await status('since=2026-01-01&until=2026-01-01')).toBe(200);
  });
});

describe.each(DIALECTS)('GET /v1/admin/analytics/daily (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('gives every day of the range, with what each counted', async () => {
    await beacon('view');
    await beacon('step', 3);
    await submit(demoSubmission());
    await submit({ answers: {} });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await t.admin(`/v1/admin/analytics/daily?formId=demo-ebook&since=${yesterday}`);
    expect(res.status).toBe(200);
    expect((await res.json()).days).toEqual([
      { day: yesterday, views: 0, starts: 0, steps: [], submissions: 0, refused: 0 },
      { day: today, views: 1, starts: 0, steps: [{ step: 3, count: 1 }], submissions: 1, refused: 1 },
    ]);
  });
});

describe.each(DIALECTS)('GET /v1/admin/analytics/breakdown (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('splits the funnel by a source dimension, the most viewed first', async () => {
    await beacon('view', 0, 'ads');
    await beacon('view', 0, 'ads');
    await beacon('view', 0, 'news');
    await submit(demoSubmission());
    await beacon('view', 0, '');
    const res = await t.admin('/v1/admin/analytics/breakdown?by=utm_source');
    expect(res.status).toBe(200);
    expect((await res.json()).rows).toEqual([
      { value: 'ads', views: 2, starts: 0, submissions: 0, conversion: 0 },
      { value: 'news', views: 1, starts: 0, submissions: 1, conversion: 1 },
      { value: null, views: 1, starts: 0, submissions: 0, conversion: 0 },
    ]);
    expect((await t.admin('/v1/admin/analytics/breakdown')).status).toBe(422);
    expect((await t.admin('/v1/admin/analytics/breakdown?by=email')).status).toBe(422);
  });
});
