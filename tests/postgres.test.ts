/**
 * Leadgate on PostgreSQL: the admin and public API over the PostgreSQL store, and what several instances
 * on one database need (one lead per Idempotency-Key under a race, leases that one instance holds at a
 * time and that a dead instance stops holding, an endpoint disabled once, jobs run by one instance,
 * wake-ups across instances).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.ts';
import { DEFAULT_WEBHOOK_CONFIG } from '../server/config.ts';
import { seedDemoForm } from '../server/forms/seed-demo.ts';
import { silentLogger } from '../server/log/logger.ts';
import type { Store } from '../server/store.ts';
import { openPgStore } from '../server/store-pg.ts';
import { parseCidr } from '../server/webhooks/cidr.ts';
import { createDispatcher } from '../server/webhooks/dispatcher.ts';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { freshDatabase, postgresAvailable } from './support/postgres.ts';
import { demoSubmission, TEST_ADMIN_KEY } from './support/test-app.ts';

const allow = [parseCidr('127.0.0.0/8')].filter((c) => c !== undefined);
let database: Awaited<ReturnType<typeof freshDatabase>>;
const stores: Store[] = [];

async function instance() {
  const store = await openPgStore(database.url, { poolSize: 4 });
  stores.push(store);
  let wakes = 0;
  const app = createApp({
    store,
    config: { adminKey: TEST_ADMIN_KEY, rateLimitPerMinute: 0, abuseChecks: false },
    publicUrl: () => 'http://leads.test',
    onDeliveriesQueued: () => {
      wakes++;
      // As serve.ts does: the other instances hear of it.
      store.announceDeliveries();
    },
    widget: undefined,
  });
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const submit = (body: unknown = demoSubmission(), key?: string) =>
    app.request('/v1/forms/demo-ebook/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
  return { store, app, admin, submit, wakes: () => wakes };
}

describe.skipIf(!postgresAvailable)('on PostgreSQL', () => {
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;
  beforeAll(async () => {
    database = await freshDatabase();
    // Two instances migrating at once: one migrates, the other waits and finds nothing to do.
    [a, b] = await Promise.all([instance(), instance()]);
    expect(await seedDemoForm(a.store.forms)).toBe(true);
    expect(await seedDemoForm(b.store.forms)).toBe(false);
  }, 30_000);
  afterAll(async () => {
    for (const s of stores) await s.close();
    await database?.drop();
  });

  it('stores a lead whole, as the admin API shows it, and finds it by search and consent', async () => {
    const res = await a.submit();
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const lead = await (await b.admin(`/v1/admin/leads/${id}`)).json();
    expect(lead).toMatchObject({
      id,
      formId: 'demo-ebook',
      formVersion: 1,
      answers: demoSubmission().answers,
    });
    // Answers in the order given (the form's), consents with the proof of the text shown.
    expect(Object.keys(lead.answers)).toEqual(Object.keys(demoSubmission().answers));
    expect(lead.consents[0]).toMatchObject({ key: 'privacy', granted: true, grantedNow: true });
    expect(lead.consents[0].textSha256).toMatch(/^[0-9a-f]{64}$/);
    const found = async (query: string) =>
      ((await (await a.admin(`/v1/admin/leads?${query}`)).json()).data as { id: string }[]).map((l) => l.id);
    expect(await found('q=ADA')).toContain(id);
    expect(await found('q=100%25')).not.toContain(id);
    expect(await found('consent=privacy:granted')).toContain(id);
    expect(await found('consent=marketing:granted')).not.toContain(id);
    const csv = await (await a.admin('/v1/admin/leads/export?format=csv')).text();
    expect(csv).toContain(id);
  });

  it('makes one lead of an Idempotency-Key sent 20 times at once to two instances, and never a 500', async () => {
    const body = { ...demoSubmission(), answers: { ...demoSubmission().answers, email: 'race@example.com' } };
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).submit(body, 'race-key')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    const stored = (await (await a.admin('/v1/admin/leads?email=race@example.com')).json()).data;
    expect(stored).toHaveLength(1);
    const other = await a.submit({ ...body, consents: { privacy: true, marketing: true } }, 'race-key');
    expect(other.status).toBe(422);
  });

  it('creates a form once when two instances race, versions updates, archives and restores', async () => {
    const { definition } = await (await a.admin('/v1/admin/forms/demo-ebook')).json();
    const copy = { ...definition, id: 'copy' };
    const created = await Promise.all(
      [a, b, a, b].map((i) => i.admin('/v1/admin/forms', { method: 'POST', body: copy })),
    );
    expect(created.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const updates = await Promise.all(
      [a, b].map((i) => i.admin('/v1/admin/forms/copy', { method: 'PUT', body: { ...copy, title: 'Copy' } })),
    );
    expect((await Promise.all(updates.map((r) => r.json()))).map((f) => f.version).sort()).toEqual([2, 3]);
    expect((await b.admin('/v1/admin/forms/copy', { method: 'DELETE' })).status).toBe(204);
    expect((await a.submit(demoSubmission())).status).toBe(201);
    const archived = await a.app.request('/v1/forms/copy/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoSubmission()),
    });
    expect(archived.status).toBe(410);
    const versions = await (await a.admin('/v1/admin/forms/copy/versions')).json();
    expect(versions.data.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const restored = await b.admin('/v1/admin/forms/copy/restore', { method: 'POST' });
    expect(await restored.json()).toMatchObject({ id: 'copy', version: 3, archivedAt: null });
    expect((await a.app.request('/v1/forms/copy')).status).toBe(200);
  });

  it('withdraws a consent once, erases by person with lead.erased, and exports what is held', async () => {
    const body = {
      ...demoSubmission(),
      answers: { ...demoSubmission().answers, email: 'Grace@Example.com' },
    };
    const { id } = await (await a.submit({ ...body, consents: { privacy: true, marketing: true } })).json();
    const withdraw = () =>
      a.admin(`/v1/admin/leads/${id}/consents/marketing/withdraw`, {
        method: 'POST',
        body: { source: 'email' },
      });
    const [first, second] = await Promise.all([withdraw(), withdraw()]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const exported = await (await b.admin('/v1/admin/people/export?email=grace@example.com')).json();
    expect(exported.leads).toHaveLength(1);
    expect(exported.leads[0].webhooks.map((m: { type: string }) => m.type)).toEqual([
      'lead.created',
      'lead.consent_withdrawn',
    ]);
    const erased = await (
      await b.admin('/v1/admin/people?email=GRACE@example.com', { method: 'DELETE' })
    ).json();
    expect(erased.erased).toEqual([id]);
    expect((await a.admin(`/v1/admin/leads/${id}`)).status).toBe(404);
  });

  it('delivers with two dispatchers on one endpoint: every message, within the endpoint’s limit, woken by NOTIFY', async () => {
    // Counts the requests it holds at once: each is answered 30 ms after it arrived.
    let inFlight = 0;
    let most = 0;
    const counting: Server & { url?: string } = createServer((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 30);
    });
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    counting.url = `http://127.0.0.1:${(counting.address() as AddressInfo).port}`;
    const { id: endpointId } = await (
      await a.admin('/v1/admin/webhooks', { method: 'POST', body: { url: `${counting.url}/hook` } })
    ).json();
    const config = { ...DEFAULT_WEBHOOK_CONFIG, maxInFlightPerEndpoint: 4, pollIntervalInMs: 100 };
    const dispatchers = [a, b].map((i) =>
      createDispatcher({ outbox: i.store.outbox, config, allow, logger: silentLogger }),
    );
    // A wake-up from the other instance arrives through NOTIFY.
    let notified = 0;
    const unlisten = await b.store.onDeliveriesQueued(() => notified++);
    const ids = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const body = {
          ...demoSubmission(),
          answers: { ...demoSubmission().answers, email: `l${i}@example.com` },
        };
        return (await (await a.submit(body)).json()).id as string;
      }),
    );
    await eventually(() => notified > 0);
    await unlisten();
    for (const d of dispatchers) d.start();
    try {
      await eventually(async () => {
        const page = (
          await (await a.admin(`/v1/admin/webhooks/${endpointId}/messages?status=delivered`)).json()
        ).data;
        return page.length >= 60;
      }, 20_000);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
    // The per-endpoint limit holds across instances (the receiver counts requests it answers at once).
    expect(most).toBeLessThanOrEqual(4);
    expect(ids).toHaveLength(60);
    counting.closeAllConnections();
    counting.close();
  }, 40_000);

  it('lets go of a dead instance’s leases within seconds, not after the lease', async () => {
    const receiver = await webhookReceiver();
    const { id: endpointId } = await (
      await a.admin('/v1/admin/webhooks', {
        method: 'POST',
        body: { url: `${receiver.url}/late`, formIds: ['demo-ebook'] },
      })
    ).json();
    await a.admin(`/v1/admin/webhooks/${endpointId}/test`, { method: 'POST' });
    const dead = await openPgStore(database.url, { poolSize: 2 });
    const config = { ...DEFAULT_WEBHOOK_CONFIG, maxInFlightPerEndpoint: 1 };
    // The dying instance leases the test message (for 30 s) and is never heard from again.
    const { claimed } = await dead.outbox.recordAndClaim(
      [],
      { config, random: Math.random },
      {
        now: Date.now(),
        limit: 100,
        leaseInMs: 30_000,
        perEndpoint: 1,
      },
    );
    expect(claimed?.deliveries.some((d) => d.endpointId === endpointId)).toBe(true);
    // Never closed: like a SIGKILLed process, it just stops (its heartbeat goes stale).
    stores.push(dead);
    const started = Date.now();
    const live = createDispatcher({
      outbox: b.store.outbox,
      config: { ...config, pollIntervalInMs: 200 },
      allow,
      logger: silentLogger,
    });
    live.start();
    try {
      await eventually(() => receiver.received.some((r) => r.body.includes('webhook.test')), 15_000);
    } finally {
      await live.stop();
    }
    expect(Date.now() - started).toBeLessThan(12_000);
    await receiver.close();
  }, 30_000);

  it('runs a scheduled job on one instance at a time', async () => {
    const [x, y] = await Promise.all([
      a.store.tryJob('test-job', 60_000),
      b.store.tryJob('test-job', 60_000),
    ]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    // The holder keeps it when it runs again; the other still cannot take it.
    const holder = x ? a : b;
    const other = x ? b : a;
    expect(await holder.store.tryJob('test-job', 60_000)).toBe(true);
    expect(await other.store.tryJob('test-job', 60_000)).toBe(false);
  });

  it('creates, lists and revokes named admin keys across instances; revoking ends the key’s sessions', async () => {
    const created = await (
      await a.admin('/v1/admin/keys', { method: 'POST', body: { name: 'Laptop' } })
    ).json();
    expect(created).toMatchObject({
      name: 'Laptop',
      lastUsedAt: null,
      key: expect.stringMatching(/^lg_admin_/),
    });
    const signIn = await b.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ key: created.key }),
    });
    expect(signIn.status).toBe(201);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const withCookie = () => b.app.request('/v1/admin/forms', { headers: { cookie } });
    expect((await withCookie()).status).toBe(200);
    const listed = (await (await a.admin('/v1/admin/keys')).json()).data;
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'env', source: 'environment' }),
        expect.objectContaining({ id: created.id, name: 'Laptop', lastUsedAt: expect.any(String) }),
      ]),
    );
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect((await a.admin(`/v1/admin/keys/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await withCookie()).status).toBe(401);
    expect((await a.admin(`/v1/admin/keys/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await a.admin('/v1/admin/keys/env', { method: 'DELETE' })).status).toBe(409);
    // The last stored key stays while no key is configured.
    const only = await a.store.adminKeys.create('Only');
    const others = (await a.store.adminKeys.list()).filter((k) => k.id !== only.id);
    for (const k of others) expect(await a.store.adminKeys.revoke(k.id, true)).toBe('revoked');
    expect(await a.store.adminKeys.revoke(only.id, true)).toBe('last_key');
  });
});
