import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, demoSubmission, type TestApp } from '../../tests/support/test-app.ts';

let t: TestApp;
const post = (body: unknown, headers: Record<string, string> = {}, formId = 'demo-ebook') =>
  t.app.request(`/v1/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const rows = async (table: 'leads' | 'webhook_deliveries') =>
  (await t.sql<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;

describe.each(DIALECTS)('GET /v1/forms/:formId (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('serves the public definition without admin-only parts', async () => {
    const res = await t.app.request('/v1/forms/demo-ebook');
    expect(res.status).toBe(200);
    const form = await res.json();
    expect(form).toMatchObject({ id: 'demo-ebook', version: 1 });
    expect(JSON.stringify(form)).not.toMatch(/points|tiers|allowedOrigins/);
  });

  it('takes a locale and no other query parameter', async () => {
    expect((await (await t.app.request('/v1/forms/demo-ebook?locale=de')).json()).locale).toBe('de');
    const res = await t.app.request('/v1/forms/demo-ebook?lang=de');
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([{ path: 'query.lang', message: expect.any(String) }]);
    const submitted = await t.app.request('/v1/forms/demo-ebook/submissions?test=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoSubmission()),
    });
    expect(submitted.status).toBe(400);
    expect(await rows('leads')).toBe(0);
  });

  it('404s an unknown form in the error shape', async () => {
    const res = await t.app.request('/v1/forms/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'form_not_found', message: expect.any(String) } });
  });

  it('answers CORS preflights for the widget', async () => {
    const res = await t.app.request('/v1/forms/demo-ebook/submissions', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });
});

describe.each(DIALECTS)('POST /v1/forms/:formId/submissions (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('stores the lead, its answers and consents, scores it and queues no webhook without endpoints', async () => {
    const res = await post(demoSubmission());
    expect(res.status).toBe(201);
    const body = await res.json();
    // 40 (property manager) + 30 (over $300) + 15 (this year), computed by the server alone.
    expect(body).toMatchObject({ id: expect.stringMatching(/^lead_/), tier: 'sales_qualified', score: 85 });
    expect(body.outcome.redirectUrl).toBe('http://leads.test/demo/book-a-call');
    expect(await rows('leads')).toBe(1);
    expect(await t.sql('SELECT * FROM lead_answers')).toHaveLength(6);
    const consents = await t.sql<{
      consent_key: string;
      granted: unknown;
      text: string;
      text_sha256: string;
    }>("SELECT * FROM lead_consents ORDER BY consent_key = 'privacy' DESC");
    expect(consents.map((c) => [c.consent_key, Boolean(c.granted)])).toEqual([
      ['privacy', true],
      ['marketing', false],
    ]);
    expect(consents[0]?.text).toMatch(/as the \[privacy notice\]\(\/demo\/privacy\) describes/);
    expect(consents[0]?.text_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(t.counters.wakes).toBe(0);
  });

  it('queues lead.created for each subscribed endpoint in the same transaction', async () => {
    for (const url of ['https://a.example/hook', 'https://b.example/hook']) {
      expect((await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url } })).status).toBe(201);
    }
    await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://c.example', events: ['lead.erased'] },
    });
    expect((await post(demoSubmission())).status).toBe(201);
    expect(await rows('webhook_deliveries')).toBe(2);
    expect(t.counters.wakes).toBe(1);
  });

  it('replays the same response for the same Idempotency-Key and makes no second lead', async () => {
    await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://a.example/hook' } });
    const headers = { 'idempotency-key': 'retry-me-1' };
    const first = await post(demoSubmission(), headers);
    const second = await post(demoSubmission(), headers);
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await rows('leads')).toBe(1);
    expect(await rows('webhook_deliveries')).toBe(1);
  });

  it('refuses a reused Idempotency-Key with a different body', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    expect((await post(demoSubmission(), headers)).status).toBe(201);
    const other = demoSubmission();
    other.answers.email = 'grace@example.com';
    const res = await post(other, headers);
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('idempotency_key_reused');
  });

  it('lets a client correct a 422 and retry with the same key', async () => {
    const headers = { 'idempotency-key': 'fix-and-retry' };
    const bad = demoSubmission();
    bad.consents.privacy = false;
    const res = await post(bad, headers);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: expect.any(String),
        issues: [{ path: 'consents.privacy', message: expect.any(String) }],
      },
    });
    expect((await post(demoSubmission(), headers)).status).toBe(201);
  });

  it.each([
    ['malformed JSON', '{"answers":', {}, 400, 'malformed_json'],
    [
      'a non-JSON content type',
      'answers=1',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    ['a body that is not an object', '[1,2]', {}, 422, 'validation_failed'],
    [
      // Nested 10,000 deep (20 KB), it overflowed the stack while hashing for idempotency: a 500.
      'an answer nested 10,000 deep',
      `{"answers":{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
      {},
      400,
      'json_too_deep',
    ],
    [
      'a body over 64 KiB',
      JSON.stringify({ answers: { name: 'x'.repeat(70_000) } }),
      {},
      413,
      'payload_too_large',
    ],
    [
      'a bad Idempotency-Key',
      JSON.stringify(demoSubmission()),
      { 'idempotency-key': 'has space' },
      400,
      'invalid_idempotency_key',
    ],
  ])('answers %s with a clear error, not a 500', async (_, body, headers, status, code) => {
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    expect(await rows('leads')).toBe(0);
  });

  it('refuses unknown keys anywhere in the envelope by their dot path, a score or tier included', async () => {
    const body = { ...demoSubmission(), score: 1000, tier: 'sales_qualified' };
    const context = { ...body.context, foo: 'bar', utm: { utm_source: 'news' } };
    const res = await post({ ...body, context });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([
      { path: 'context.foo', message: 'This is not part of a submission.' },
      { path: 'score', message: 'This is not part of a submission.' },
      { path: 'tier', message: 'This is not part of a submission.' },
    ]);
    expect(await rows('leads')).toBe(0);
  });

  it('keeps the lead of a visitor on a page with a very long tracking URL, the context cut to size', async () => {
    const body = demoSubmission();
    const long = `https://example.com/guide?gclid=${'x'.repeat(5000)}`;
    const utm = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`utm_${i}`, 'v']));
    const res = await post({ ...body, context: { ...body.context, pageUrl: long, referrer: long, utm } });
    expect(res.status).toBe(201);
    const lead = await (await t.admin(`/v1/admin/leads/${(await res.json()).id}`)).json();
    const context = lead.context as { pageUrl: string; referrer: string; utm: object };
    expect([context.pageUrl.length, context.referrer.length, Object.keys(context.utm).length]).toEqual([
      2048, 2048, 20,
    ]);
  });

  it('reports every problem at its dot path', async () => {
    const res = await post({ answers: { email: 'nope', role: 'king', extra: 1 }, consents: {} });
    expect(res.status).toBe(422);
    const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path);
    expect(paths.sort()).toEqual(
      [
        'answers.email',
        'answers.extra',
        'answers.monthly_bill',
        'answers.role',
        'answers.timeline',
        'consents.privacy',
      ].sort(),
    );
  });

  it('validates against the version the widget rendered', async () => {
    const unknownVersion = await post({ ...demoSubmission(), formVersion: 7 });
    expect(unknownVersion.status).toBe(422);
    expect((await unknownVersion.json()).error.issues[0].path).toBe('formVersion');
    expect((await post({ ...demoSubmission(), formVersion: 1 })).status).toBe(201);

    // Version 2 drops the name field: a page still showing version 1 may send it, the current one may not.
    const def = (await (await t.admin('/v1/admin/forms/demo-ebook')).json()).definition;
    def.steps[0].fields = def.steps[0].fields.filter((f: { key: string }) => f.key !== 'name');
    expect((await t.admin('/v1/admin/forms/demo-ebook', { method: 'PUT', body: def })).status).toBe(200);
    const current = await post(demoSubmission());
    expect(current.status).toBe(422);
    expect((await current.json()).error.issues).toEqual([
      { path: 'answers.name', message: 'This field is not part of the form.' },
    ]);
    const old = await post({ ...demoSubmission(), formVersion: 1 });
    expect(old.status).toBe(201);
    const [lead] = await t.sql(`SELECT form_version FROM leads WHERE id = '${(await old.json()).id}'`);
    expect(lead?.form_version).toBe(1);
  });

  it('records consent in the language it was shown in, and answers 422s in it', async () => {
    const body = demoSubmission();
    body.context.locale = 'de';
    const res = await post(body);
    expect(res.status).toBe(201);
    expect((await res.json()).outcome.title).toBe('Ihr Leitfaden ist unterwegs');
    const [privacy] = await t.sql<{ text: string }>(
      "SELECT text FROM lead_consents WHERE consent_key = 'privacy'",
    );
    expect(privacy?.text).toMatch(/^Ich bin einverstanden/);
    body.answers.email = 'nope';
    const bad = await post(body);
    expect((await bad.json()).error.issues[0].message).toBe('Geben Sie eine gültige E-Mail-Adresse ein.');
  });

  it('keeps the email as typed and its normalised form on the lead, to find a person by', async () => {
    const body = demoSubmission();
    body.answers.email = 'Ada.Lovelace@Example.COM';
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(await t.sql('SELECT email FROM leads')).toEqual([{ email: 'ada.lovelace@example.com' }]);
    const lead = await (await t.admin(`/v1/admin/leads/${(await res.json()).id}`)).json();
    expect(lead.answers.email).toBe('Ada.Lovelace@Example.COM');
  });

  it('does not store answers to fields hidden by logic', async () => {
    const body = demoSubmission();
    body.answers.role = 'homeowner';
    const res = await post(body);
    expect(res.status).toBe(201);
    const keys = (await t.sql<{ field_key: string }>('SELECT field_key FROM lead_answers')).map(
      (a) => a.field_key,
    );
    expect(keys).not.toContain('properties');
    expect(keys).toContain('role');
  });

  it('404s an unknown form and 403s an origin the form does not list', async () => {
    expect((await post(demoSubmission(), {}, 'nope')).status).toBe(404);
    const def = (await (await t.admin('/v1/admin/forms/demo-ebook')).json()).definition;
    await t.admin('/v1/admin/forms/demo-ebook', {
      method: 'PUT',
      body: { ...def, allowedOrigins: ['https://mine.example'] },
    });
    const res = await post(demoSubmission(), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
    expect((await post(demoSubmission(), { origin: 'https://mine.example' })).status).toBe(201);
    expect((await post(demoSubmission(), { origin: 'http://leads.test' })).status).toBe(201);
  });

  it('rate-limits per client and form with Retry-After', async () => {
    t = await appFor(dialect, { rateLimitPerMinute: 2 });
    expect((await post(demoSubmission())).status).toBe(201);
    expect((await post(demoSubmission())).status).toBe(201);
    const limited = await post(demoSubmission());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
  });
});
