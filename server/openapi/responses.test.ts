/**
 * Every operation the document describes, called through the app as the integration tests call it, and
 * every answer (successes and failures) checked against the document: its status documented for that
 * operation, its media type, and its body valid by the documented schema.
 */
import { describe, expect, it } from 'vitest';
import { JSON_TYPE, openApiValidator } from '../../tests/support/openapi-validator.ts';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, TEST_ADMIN_KEY, TEST_PUBLIC_URL, type TestApp } from '../../tests/support/test-app.ts';
import { openApiDocument } from './build-document.ts';
import { demoSubmission } from './examples.ts';

const doc = openApiDocument(TEST_PUBLIC_URL);
const check = openApiValidator(doc);

/** The operations and statuses answered so far, and what was wrong with any answer. */
function recorder(app: TestApp['app']) {
  const seen = new Set<string>();
  const problems: string[] = [];
  const call = async (
    method: string,
    url: string,
    init: { body?: unknown; form?: string; headers?: Record<string, string>; admin?: boolean } = {},
  ) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.admin !== false && url.startsWith('/v1/admin'))
      headers.authorization = `Bearer ${TEST_ADMIN_KEY}`;
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = init.form;
    } else if (init.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    const res = await app.request(url, { method, headers, ...(body === undefined ? {} : { body }) });
    const type = res.headers.get('content-type');
    const text = await res.text();
    const parsed = JSON_TYPE.test(type?.split(';')[0] ?? '') && text ? JSON.parse(text) : text || undefined;
    const { template, errors } = check.checkResponse(method, url, res.status, type, parsed);
    seen.add(`${method.toLowerCase()} ${template} ${res.status}`);
    for (const e of errors) problems.push(`${method} ${url} → ${res.status}: ${e}`);
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { call, seen, problems };
}

describe.each(DIALECTS)('every answer is as the document says (%s)', (dialect) => {
  it('is a check that can fail: a body off its schema, an undocumented status or route', () => {
    const lead = (body: unknown, status = 200) =>
      check.checkResponse('GET', '/v1/admin/leads/lead_1/scoring', status, 'application/json', body).errors;
    expect(lead({ score: 1, tier: 'a', parts: [], disqualifiedBy: null, agrees: true })).toEqual([]);
    expect(lead({ score: '1', tier: 'a', parts: [], disqualifiedBy: null, agrees: true })).not.toEqual([]);
    expect(
      lead({ score: 1, tier: 'a', parts: [{ source: 'guess' }], disqualifiedBy: null, agrees: true }),
    ).not.toEqual([]);
    expect(lead({ error: { code: 'x', message: 'y' } }, 404)).toEqual([]);
    expect(lead({ error: { code: 'x' } }, 404)).not.toEqual([]);
    expect(lead({}, 418)).not.toEqual([]);
    expect(check.checkResponse('GET', '/v1/nothing', 200, 'application/json', {}).errors).not.toEqual([]);
    expect(
      check.checkEvent({ type: 'lead.erased', timestamp: '2026-01-01T00:00:00Z', data: { id: 'l' } }),
    ).not.toEqual([]);
  });

  it('for the public routes', async () => {
    const { app } = await appFor(dialect, { abuseChecks: true });
    const { call, seen, problems } = recorder(app);
    await call('GET', '/healthz');
    await call('GET', '/healthz?x=1');
    await call('GET', '/v1/forms/demo-ebook');
    await call('GET', '/v1/forms/demo-ebook?locale=de');
    await call('GET', '/v1/forms/demo-ebook?color=red');
    await call('GET', '/v1/forms/no-such-form');
    await call('GET', '/v1/forms/demo-ebook/challenge');
    // With the bot gates on, a submission without a proof is refused.
    await call('POST', '/v1/forms/demo-ebook/submissions', { body: demoSubmission });
    await call('POST', '/v1/forms/demo-ebook/events', {
      form: 'kind=view&step=0&version=1&referrer=news.example.com',
      headers: { origin: 'https://www.example.com' },
    });
    await call('POST', '/v1/forms/demo-ebook/events', { form: 'kind=jump&step=0&version=1' });
    await call('POST', '/v1/forms/demo-ebook/events', { body: { kind: 'view' } });
    await call('GET', '/widget.js');
    await call('GET', '/v1/openapi.json');
    await call('GET', '/docs');
    await call('GET', '/docs/form-definition.schema.json');
    await call('GET', '/admin');
    await call('GET', '/demo');
    await call('GET', '/demo/privacy');
    await call('GET', '/');
    expect(problems).toEqual([]);
    expect(seen).toContain('get /v1/forms/{formId} 200');
    expect(seen).toContain('post /v1/forms/{formId}/events 204');
  });

  it('for submissions', async () => {
    const { app } = await appFor(dialect);
    const { call, problems } = recorder(app);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      call('POST', '/v1/forms/demo-ebook/submissions', { body, headers });
    expect((await post(demoSubmission, { 'idempotency-key': 'k-1' })).status).toBe(201);
    expect((await post(demoSubmission, { 'idempotency-key': 'k-1' })).status).toBe(201);
    await post({ ...demoSubmission, consents: {} }, { 'idempotency-key': 'k-1' });
    await post({ answers: { email: 'not an email' }, extra: 1 });
    await post('{"answers": ');
    await post('answers', { 'content-type': 'text/plain' });
    await post(demoSubmission, { authorization: 'Bearer wrong' });
    await call('GET', '/v1/forms/demo-ebook/challenge');
    await call('POST', '/v1/forms/nope/submissions', { body: demoSubmission });
    expect(problems).toEqual([]);
  });

  it('for the console session', async () => {
    const { app } = await appFor(dialect);
    const { call, problems } = recorder(app);
    await call('GET', '/v1/admin/session');
    await call('POST', '/v1/admin/session', { body: { key: 'wrong' }, headers: { origin: TEST_PUBLIC_URL } });
    await call('POST', '/v1/admin/session', {
      body: { key: TEST_ADMIN_KEY },
      headers: { origin: 'https://evil.example' },
    });
    const signedIn = await call('POST', '/v1/admin/session', {
      body: { key: TEST_ADMIN_KEY },
      headers: { origin: TEST_PUBLIC_URL },
    });
    expect(signedIn.status).toBe(201);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = signedIn.body as { csrfToken: string };
    await call('GET', '/v1/admin/session', { headers: { cookie } });
    await call('GET', '/v1/admin/leads', { headers: { cookie }, admin: false });
    await call('DELETE', '/v1/admin/leads/lead_x', {
      headers: { cookie, origin: TEST_PUBLIC_URL },
      admin: false,
    });
    await call('DELETE', '/v1/admin/session', {
      headers: { cookie, origin: TEST_PUBLIC_URL, 'x-csrf-token': csrfToken },
    });
    expect(problems).toEqual([]);
  });

  it('for the admin routes', async () => {
    const { app } = await appFor(dialect);
    const { call, seen, problems } = recorder(app);
    // A lead to work on, with marketing granted so it can be withdrawn.
    const created = await call('POST', '/v1/admin/webhooks', {
      body: { url: 'https://crm.example.com/hooks/leadgate', description: 'CRM' },
    });
    const endpointId = (created.body as { id: string }).id;
    const lead = await call('POST', '/v1/forms/demo-ebook/submissions', {
      body: { ...demoSubmission, consents: { privacy: true, marketing: true } },
    });
    const leadId = (lead.body as { id: string }).id;

    await call('GET', '/v1/admin/leads', { admin: false });
    await call('GET', '/v1/admin/forms');
    await call('GET', '/v1/admin/forms/demo-ebook');
    await call('GET', '/v1/admin/forms/nope');
    await call('GET', '/v1/admin/forms/demo-ebook/versions');
    await call('GET', '/v1/admin/forms/demo-ebook/versions/1');
    await call('GET', '/v1/admin/forms/demo-ebook/refused-origins');
    await call('GET', '/v1/admin/forms/demo-ebook/blocked?days=7');
    await call('GET', '/v1/admin/forms/demo-ebook/blocked?days=0');
    const { body: demo } = await call('GET', '/v1/admin/forms/demo-ebook');
    const definition = (demo as { definition: Record<string, unknown> }).definition;
    const second = { ...definition, id: 'second', allowedOrigins: ['https://www.example.com'] };
    await call('POST', '/v1/admin/forms', { body: second });
    await call('POST', '/v1/admin/forms', { body: second });
    const refused = await call('GET', '/v1/forms/second', { headers: { origin: 'https://other.example' } });
    expect(refused.body).toMatchObject({ originAllowed: false });
    await call('POST', '/v1/admin/forms', { body: { ...definition, id: 'third', tiers: [] } });
    await call('PUT', '/v1/admin/forms/second', { body: { ...second, title: 'Second' } });
    await call('DELETE', '/v1/admin/forms/second');
    expect((await call('GET', '/v1/forms/second')).status).toBe(410);
    await call('POST', '/v1/forms/second/submissions', { body: demoSubmission });
    await call('GET', '/v1/forms/second/challenge');
    await call('POST', '/v1/admin/forms/second/restore');

    await call('GET', '/v1/admin/analytics/funnel');
    await call('GET', '/v1/admin/analytics/funnel?formId=demo-ebook');
    await call('GET', '/v1/admin/analytics/daily?since=2026-01-01&until=2026-01-03');
    await call('GET', '/v1/admin/analytics/breakdown?by=utm_source');
    await call('GET', '/v1/admin/analytics/daily?since=2026-02-30');

    await call('GET', '/v1/admin/leads');
    await call('GET', '/v1/admin/leads?limit=1&tier=sales_qualified&consent=marketing:granted');
    await call('GET', '/v1/admin/leads?colour=red');
    await call('GET', `/v1/admin/leads/${leadId}`);
    await call('GET', `/v1/admin/leads/${leadId}/scoring`);
    await call('GET', `/v1/admin/leads/${leadId}/webhooks`);
    await call('GET', '/v1/admin/leads/export?format=csv');
    await call('GET', '/v1/admin/leads/export?format=ndjson');
    await call('POST', `/v1/admin/leads/${leadId}/consents/marketing/withdraw`, {
      body: { source: 'email' },
    });
    await call('POST', `/v1/admin/leads/${leadId}/consents/marketing/withdraw`, {
      body: { source: 'email' },
    });
    await call('POST', `/v1/admin/leads/${leadId}/consents/marketing/withdraw`, { body: {} });

    await call('GET', `/v1/admin/webhooks`);
    await call('GET', `/v1/admin/webhooks/${endpointId}`);
    await call('PATCH', `/v1/admin/webhooks/${endpointId}`, { body: { description: 'The CRM' } });
    await call('PATCH', `/v1/admin/webhooks/${endpointId}`, { body: { url: 'ftp://x' } });
    await call('GET', `/v1/admin/webhooks/${endpointId}/secret`);
    await call('POST', `/v1/admin/webhooks/${endpointId}/rotate-secret`);
    await call('GET', `/v1/admin/webhooks/${endpointId}/attempts`);
    const { body: messages } = await call('GET', `/v1/admin/webhooks/${endpointId}/messages?status=pending`);
    const messageId = (messages as { data: { messageId: string }[] }).data[0]?.messageId ?? 'msg_x';
    await call('GET', `/v1/admin/webhooks/messages/${messageId}/attempts`);
    await call('GET', `/v1/admin/webhooks/messages/nope/attempts`);
    await call('POST', `/v1/admin/webhooks/${endpointId}/messages/${messageId}/redeliver`);
    await call('POST', `/v1/admin/webhooks/${endpointId}/replay`, {
      body: { since: '2026-01-01T00:00:00Z' },
    });
    await call('POST', `/v1/admin/webhooks/${endpointId}/test`);
    await call('GET', '/v1/admin/webhooks/ep_none');

    await call('GET', '/v1/admin/people?email=ADA@example.com');
    await call('GET', '/v1/admin/people/export?email=ada@example.com');
    await call('GET', '/v1/admin/people');
    await call('DELETE', `/v1/admin/leads/${leadId}`);
    await call('DELETE', `/v1/admin/leads/${leadId}`);
    await call('DELETE', '/v1/admin/people?email=ada@example.com');
    await call('DELETE', `/v1/admin/webhooks/${endpointId}`);

    const key = await call('POST', '/v1/admin/keys', { body: { name: 'CI deploys' } });
    await call('POST', '/v1/admin/keys', { body: { name: '' } });
    await call('GET', '/v1/admin/keys');
    await call('DELETE', `/v1/admin/keys/${(key.body as { id: string }).id}`);
    await call('DELETE', '/v1/admin/keys/env');
    await call('GET', '/v1/admin/notifications');

    expect(problems).toEqual([]);
    // Every operation answering JSON was seen answering its success at least once.
    const successes = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(
        item as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>,
      )
        .filter(() => path.startsWith('/v1/admin/') && !path.startsWith('/v1/admin/session'))
        .map(([method, op]) => {
          const status = Object.keys(op.responses).find((s) => s.startsWith('2'));
          return `${method} ${path} ${status}`;
        }),
    );
    expect(successes.filter((s) => !seen.has(s))).toEqual([]);
  });
});
