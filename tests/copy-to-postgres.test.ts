/**
 * `leadgate copy-to-postgres` as an operator runs it: a SQLite installation filled through the API (forms
 * and versions, leads with consents, a withdrawal, an erasure, a NUL in an answer, webhooks delivered and
 * owed, a named admin key, a visitor's proof of work, funnel and refusal counts), stopped, copied by the
 * command (bin/leadgate.mjs in a child process), and started again on PostgreSQL, where the API shows the
 * same installation, the owed webhook is sent with its original webhook-id, and new rows follow the old.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { type Challenge, MIN_FILL_TIME_IN_MS, type Proof } from '../shared/proof.ts';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { type LeadgateProcess, runLeadgate, startLeadgate } from './support/leadgate-process.ts';
import { freshDatabase, postgresAvailable } from './support/postgres.ts';
import { solveChallenge } from './support/solve-challenge.ts';

const ADMIN_KEY = 'copy-test-admin-key-0123456789';
// The bot gates are on: the admin key's submissions pass them, a visitor's carries a proof of work.
const SERVER_ENV = {
  LEADGATE_ADMIN_KEY: ADMIN_KEY,
  LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
  // An owed delivery is due again soon after the move: the test waits for it.
  LEADGATE_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s,1s,1s,1s,1s,1s',
  LEADGATE_LOG_LEVEL: 'warn',
};

type Json = Record<string, unknown>;

const submission = (email: string, extra: { name?: string; marketing?: boolean; proof?: Proof } = {}) => ({
  answers: {
    email,
    name: extra.name ?? 'Ada',
    role: 'property_manager',
    properties: 5,
    monthly_bill: 'over_300',
    timeline: 'this_year',
  },
  consents: { privacy: true, marketing: extra.marketing ?? false },
  context: {
    pageUrl: 'https://example.com/ebook?utm_source=news',
    utm: { utm_source: 'news' },
    locale: 'en',
  },
  ...(extra.proof ? { proof: extra.proof } : {}),
});

/** The API of one running server: as the admin (the admin key, or `key`), or as a visitor. */
function api(server: LeadgateProcess, key = ADMIN_KEY) {
  const request = async (
    path: string,
    init: { method?: string; body?: unknown; visitor?: boolean; idempotencyKey?: string } = {},
  ) => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.visitor ? {} : { authorization: `Bearer ${key}` }),
        ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  return {
    call: request,
    /** Submits a lead with an Idempotency-Key; its id, or the refusal's code. */
    async submit(
      formId: string,
      body: unknown,
      options: { visitor?: boolean; idempotencyKey?: string } = {},
    ) {
      const res = await request(`/v1/forms/${formId}/submissions`, {
        method: 'POST',
        body,
        idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
        ...(options.visitor ? { visitor: true } : {}),
      });
      return res.status === 201
        ? { status: res.status, id: res.body.id as string, replayed: res.headers.get('idempotent-replayed') }
        : { status: res.status, code: (res.body.error as Json).code };
    },
  };
}

/** A visitor's proof of work for the demo form, solved as the widget would. */
async function visitorProof(server: LeadgateProcess): Promise<Proof> {
  const form = (await api(server).call('/v1/forms/demo-ebook', { visitor: true })).body;
  return solveChallenge(form.challenge as Challenge);
}

/** Everything the admin API says about the installation that the copy must keep. */
async function snapshot(server: LeadgateProcess) {
  const { call } = api(server);
  const leads = ((await call('/v1/admin/leads?limit=100')).body.data as Json[]).map((l) => l.id as string);
  const forms = (await call('/v1/admin/forms')).body.data as Json[];
  const versions: Record<string, unknown> = {};
  for (const form of forms) {
    const id = form.id as string;
    const list = (await call(`/v1/admin/forms/${id}/versions`)).body.data as { version: number }[];
    versions[id] = await Promise.all(
      list.map(async (v) => (await call(`/v1/admin/forms/${id}/versions/${v.version}`)).body),
    );
  }
  return {
    leads: await Promise.all(leads.map(async (id) => (await call(`/v1/admin/leads/${id}`)).body)),
    forms,
    versions,
    // Which messages each lead has (their statuses move on once the server on PostgreSQL sends).
    messages: await Promise.all(
      leads.map(async (id) =>
        ((await call(`/v1/admin/leads/${id}/webhooks`)).body.data as Json[]).map((m) => m.id),
      ),
    ),
    // As configured (their health moves on once the server on PostgreSQL sends).
    endpoints: ((await call('/v1/admin/webhooks')).body.data as Json[]).map(
      ({ id, url, description, events, formIds, headers, enabled, createdAt }) => ({
        id,
        url,
        description,
        events,
        formIds,
        headers,
        enabled,
        createdAt,
      }),
    ),
    // The key from the environment is not stored: when it was last used is this process's to know.
    keys: ((await call('/v1/admin/keys')).body.data as Json[]).filter((k) => k.source !== 'environment'),
    funnel: (await call('/v1/admin/analytics/funnel')).body,
  };
}

describe.skipIf(!postgresAvailable)('leadgate copy-to-postgres', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-copy-'));
  const file = join(dir, 'leadgate.db');
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let delivered: Awaited<ReturnType<typeof webhookReceiver>>;
  let owedStatus = 503;
  let owed: Awaited<ReturnType<typeof webhookReceiver>>;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let owedSecret: string;
  let owedWebhookId: string;
  let namedKey: string;
  let adaId: string;
  let owedLeadId: string;
  let adaKey: string;
  let proofSpent: Proof;
  let proofSentAfter: Proof;
  let erasedId: string;
  let onPostgres: LeadgateProcess | undefined;
  let deliveredOnSqlite: number;
  let owedOnSqlite: number;

  beforeAll(async () => {
    database = await freshDatabase();
    delivered = await webhookReceiver();
    owed = await webhookReceiver({ status: () => owedStatus });
    const onSqlite = await startLeadgate({ ...SERVER_ENV, LEADGATE_DB: file });
    try {
      const { call, submit } = api(onSqlite);
      // Two forms fetched by a visitor now: one sent before the move, one after it.
      const [sentBefore, sentAfter] = [await visitorProof(onSqlite), await visitorProof(onSqlite)];
      // Both challenges were issued by now: the fill time is counted from here, however slow the fetches.
      const fetchedAt = Date.now();
      proofSentAfter = sentAfter;
      proofSpent = sentBefore;
      // Two forms besides the demo, one with three versions.
      for (const id of ['whitepaper', 'webinar']) {
        expect((await call('/v1/admin/forms', { method: 'POST', body: { ...demoForm, id } })).status).toBe(
          201,
        );
      }
      for (const title of ['Second', 'Third']) {
        const put = await call('/v1/admin/forms/whitepaper', {
          method: 'PUT',
          body: { ...demoForm, id: 'whitepaper', title },
        });
        expect(put.status).toBe(200);
      }
      await call('/v1/admin/webhooks', { method: 'POST', body: { url: `${delivered.url}/hook` } });
      // One lead's webhook is owed: the other endpoint hears of one form, and answers 503 until the move.
      const owedEndpoint = await call('/v1/admin/webhooks', {
        method: 'POST',
        body: { url: `${owed.url}/hook`, formIds: ['webinar'] },
      });
      owedSecret = owedEndpoint.body.secret as string;

      adaKey = crypto.randomUUID();
      const ada = await submit('demo-ebook', submission('ada@example.com', { marketing: true }), {
        idempotencyKey: adaKey,
      });
      adaId = ada.id as string;
      await submit('whitepaper', submission('grace@example.com', { name: 'Grace\u0000Hopper' }));
      erasedId = (await submit('demo-ebook', submission('erase.me@example.com'))).id as string;
      const withdrawn = await call(`/v1/admin/leads/${adaId}/consents/marketing/withdraw`, {
        method: 'POST',
        body: { source: 'email', note: 'Asked by reply' },
      });
      expect(withdrawn.status).toBe(201);
      expect((await call(`/v1/admin/leads/${erasedId}`, { method: 'DELETE' })).status).toBe(204);
      // A person's time to fill the form, then the visitor's lead, with its proof of work.
      await new Promise((r) =>
        setTimeout(r, Math.max(0, fetchedAt + MIN_FILL_TIME_IN_MS + 100 - Date.now())),
      );
      const visitor = await submit('demo-ebook', submission('visitor@example.com', { proof: sentBefore }), {
        visitor: true,
      });
      expect(visitor.status).toBe(201);
      const edsger = await submit('webinar', submission('edsger@example.com', { marketing: true }));
      owedLeadId = edsger.id as string;
      // Counted: a view (the funnel) and a refused submission (the blocked counts).
      const beacon = await fetch(`${onSqlite.url}/v1/forms/demo-ebook/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'kind=view&step=0&version=1',
      });
      expect(beacon.ok).toBe(true);
      expect(
        (await call('/v1/forms/demo-ebook/submissions', { method: 'POST', body: { answers: {} } })).status,
      ).toBe(422);
      namedKey = (await call('/v1/admin/keys', { method: 'POST', body: { name: 'CRM sync' } })).body
        .key as string;

      // Every message reached the first endpoint; the second answered 503, so its deliveries are owed.
      const types = () => delivered.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
      await eventually(
        () =>
          types().includes('lead.erased') &&
          types().includes('lead.consent_withdrawn') &&
          types().filter((t) => t === 'lead.created').length >= 4,
      );
      const refused = await eventually(() => owed.received[0]);
      owedWebhookId = refused.headers['webhook-id'] as string;
      before = await snapshot(onSqlite);
    } finally {
      onSqlite.child.kill('SIGTERM');
      await onSqlite.exited;
    }
    deliveredOnSqlite = delivered.received.length;
    owedOnSqlite = owed.received.length;
  }, 60_000);

  afterAll(async () => {
    onPostgres?.child.kill('SIGTERM');
    await onPostgres?.exited;
    await Promise.all([delivered?.close(), owed?.close()]);
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table in one go, says how many rows, and refuses to copy into a database that holds data', async () => {
    const env = { LEADGATE_DB: file, LEADGATE_DATABASE_URL: database.url };
    const run = await runLeadgate(['copy-to-postgres'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}leads +4$/m);
    expect(run.stdout).toMatch(/^ {2}form_versions +5$/m);
    expect(run.stdout).toMatch(/^ {2}admin_keys +1$/m);
    expect(run.stdout).toMatch(/every table matches/);
    expect(run.stdout).toMatch(/Not copied: console sessions/);

    const again = await runLeadgate(['copy-to-postgres', '--from', file], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /nothing was copied: the PostgreSQL database already holds data \(forms,.*--replace/,
    );
  }, 60_000);

  it('starts on PostgreSQL with the same leads, consents and their history, forms and versions, and keys', async () => {
    owedStatus = 200;
    onPostgres = await startLeadgate({ ...SERVER_ENV, LEADGATE_DATABASE_URL: database.url });
    const after = await snapshot(onPostgres);
    // PostgreSQL cannot keep U+0000: it is stored as U+FFFD, as a lead sent to it directly would be.
    const expected = JSON.parse(JSON.stringify(before).replaceAll('\\u0000', '\uFFFD'));
    expect(after.leads).toEqual(expected.leads);
    expect(after.leads).toHaveLength(4);
    expect(JSON.stringify(after.leads)).toContain('Grace\uFFFDHopper');
    const ada = after.leads.find((l) => l.id === adaId) as Json;
    expect(ada.consents).toContainEqual(
      expect.objectContaining({
        key: 'marketing',
        history: [expect.objectContaining({ granted: false, source: 'email', note: 'Asked by reply' })],
      }),
    );
    expect(after.forms).toEqual(expected.forms);
    expect(after.versions).toEqual(expected.versions);
    expect((after.versions.whitepaper as unknown[]).length).toBe(3);
    expect(after.messages).toEqual(expected.messages);
    expect(after.endpoints).toEqual(expected.endpoints);
    expect(after.keys).toEqual(expected.keys);
    expect(after.funnel).toEqual(expected.funnel);
    expect((await api(onPostgres).call(`/v1/admin/leads/${erasedId}`)).status).toBe(404);
    // The named key made on SQLite opens the admin API on PostgreSQL.
    expect((await api(onPostgres, namedKey).call('/v1/admin/leads')).status).toBe(200);
  }, 60_000);

  it('sends the owed webhook with its original webhook-id and secret, and nothing delivered again', async () => {
    if (!onPostgres) throw new Error('the server on PostgreSQL did not start');
    const retried = await eventually(
      () => owed.received.slice(owedOnSqlite).find((r) => r.headers['webhook-id'] === owedWebhookId),
      15_000,
    );
    const event = new Webhook(owedSecret).verify(retried.body, retried.headers as Record<string, string>);
    expect(event).toMatchObject({ type: 'lead.created', data: { id: owedLeadId } });
    // Past a dispatcher's poll: what SQLite delivered is not sent again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(delivered.received.length).toBe(deliveredOnSqlite);
  }, 30_000);

  it('keeps the idempotency keys, the spent proofs and the proof-of-work key', async () => {
    if (!onPostgres) throw new Error('the server on PostgreSQL did not start');
    const { submit } = api(onPostgres);
    // A retry of a submission SQLite stored replays its lead.
    const retry = await submit('demo-ebook', submission('ada@example.com', { marketing: true }), {
      idempotencyKey: adaKey,
    });
    expect(retry).toEqual({ status: 201, id: adaId, replayed: 'true' });
    // A proof spent on SQLite stays spent; one issued there (signed with its key) is good here.
    const spent = await submit('demo-ebook', submission('bot@example.com', { proof: proofSpent }), {
      visitor: true,
    });
    expect(spent).toEqual({ status: 403, code: 'proof_used' });
    const late = await submit('demo-ebook', submission('late@example.com', { proof: proofSentAfter }), {
      visitor: true,
    });
    expect(late.status).toBe(201);
  }, 30_000);

  it('goes on where SQLite stopped: new rows take ids past the copied ones', async () => {
    if (!onPostgres) throw new Error('the server on PostgreSQL did not start');
    const { call, submit } = api(onPostgres);
    const { id } = await submit('webinar', submission('new@example.com', { marketing: true }));
    const res = await call(`/v1/admin/leads/${id}/consents/marketing/withdraw`, {
      method: 'POST',
      body: { source: 'phone' },
    });
    expect(res.status).toBe(201);
    await eventually(() => delivered.received.some((r) => r.body.includes(id as string)));
  }, 30_000);

  it('refuses to copy while a server runs on the PostgreSQL database', async () => {
    const run = await runLeadgate(['copy-to-postgres', '--replace'], {
      LEADGATE_DB: file,
      LEADGATE_DATABASE_URL: database.url,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/running on the PostgreSQL database: stop them/);
  }, 30_000);
});

describe('leadgate copy-to-postgres, asked wrongly', () => {
  // Nothing here reaches a database: each is refused before connecting.
  const unreachable = 'postgres://leadgate@127.0.0.1:1/leadgate';

  it('says where to copy to when LEADGATE_DATABASE_URL is unset', async () => {
    const run = await runLeadgate(['copy-to-postgres'], { LEADGATE_DB: '/nonexistent/leadgate.db' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set LEADGATE_DATABASE_URL to the PostgreSQL database to copy into/);
  });

  it('names the file it cannot find, and creates none', async () => {
    const file = join(tmpdir(), `leadgate-missing-${crypto.randomUUID()}.db`);
    const run = await runLeadgate(['copy-to-postgres', `--from=${file}`], {
      LEADGATE_DATABASE_URL: unreachable,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nothing was copied: there is no SQLite database at ${file}`);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses an argument it does not know', async () => {
    const run = await runLeadgate(['copy-to-postgres', '--merge'], { LEADGATE_DATABASE_URL: unreachable });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown argument "--merge"');
  });
});
