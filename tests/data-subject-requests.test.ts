/**
 * Data-subject requests against the whole server and a real subscriber that echoes each lead back: an
 * endpoint that named no events hears of the lead, the withdrawal and the erasure (each verified), and
 * after the erasure nothing about the person is left, the attempt log included.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { DIALECTS } from './support/postgres.ts';
import type { Dialect } from './support/test-app.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;

/** Every row of every table of the server's database, as text. */
async function everyRow(dialect: Dialect): Promise<string> {
  if (dialect === 'postgres') {
    const sql = postgres(server.databaseUrl as string, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ name: string }[]>`
        SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`;
      const rows = await Promise.all(tables.map(({ name }) => sql.unsafe(`SELECT * FROM "${name}"`)));
      return rows.map((r) => JSON.stringify(r)).join();
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
  const db = new Database(server.dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join();
  } finally {
    db.close();
  }
}

describe.each(DIALECTS)('data-subject requests, end to end (%s)', (dialect) => {
  beforeAll(async () => {
    server = await startTestServer(
      {
        // Posts the way a load test does, without the widget's proof of work.
        LEADGATE_ABUSE_CHECKS: 'off',
        LEADGATE_ADMIN_KEY: 'subject-test-admin-key',
        LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
      },
      { webhook: { pollIntervalInMs: 50 }, dialect },
    );
  });
  afterAll(() => server?.close());

  it('tells a default subscriber of the withdrawal and the erasure, and leaves nothing of the person', async () => {
    const crm = await webhookReceiver({ echo: true });
    try {
      const { secret } = await (
        await server.admin('/v1/admin/webhooks', { method: 'POST', body: { url: crm.url } })
      ).json();
      const submitted = await fetch(`${server.url}/v1/forms/demo-ebook/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          answers: {
            email: 'Marie.Curie@Example.org',
            name: 'Marie Skłodowska',
            role: 'homeowner',
            monthly_bill: 'under_100',
            timeline: 'researching',
          },
          consents: { privacy: true, marketing: true },
        }),
      });
      expect(submitted.status).toBe(201);
      const { id } = await submitted.json();
      await eventually(() => crm.received.length === 1);
      const withdrawn = await server.admin(`/v1/admin/leads/${id}/consents/marketing/withdraw`, {
        method: 'POST',
        body: { source: 'email' },
      });
      expect(withdrawn.status).toBe(201);
      await eventually(() => crm.received.length === 2);
      const doc = await (
        await server.admin('/v1/admin/people/export?email=marie.curie%40example.org')
      ).json();
      const attempt = doc.leads[0].webhooks[0].deliveries[0].attempts[0];
      expect(attempt).toMatchObject({ statusCode: 200, responseBody: expect.stringContaining('Skłodowska') });

      const erased = await server.admin('/v1/admin/people?email=MARIE.CURIE%40EXAMPLE.ORG', {
        method: 'DELETE',
      });
      expect(await erased.json()).toEqual({ email: 'marie.curie@example.org', erased: [id] });
      await eventually(() => crm.received.length === 3);
      const events = crm.received.map((w) =>
        new Webhook(secret).verify(w.body, w.headers as Record<string, string>),
      );
      expect(events).toMatchObject([
        { type: 'lead.created', data: { id } },
        { type: 'lead.consent_withdrawn', data: { id, consentKey: 'marketing', source: 'email' } },
        { type: 'lead.erased', data: { id, formId: 'demo-ebook' } },
      ]);

      // Every table: the name and address are gone, echoed responses included.
      const rows = await everyRow(dialect);
      expect(rows.toLowerCase()).not.toContain('marie');
      expect(rows).not.toContain('Skłodowska');
      // On SQLite, once the write-ahead log is checkpointed, from the file's bytes too (secure_delete: no
      // copy left in free pages). PostgreSQL keeps dead rows in its files until a vacuum reclaims them.
      if (dialect === 'postgres') return;
      const file = server.dbFile;
      const db = new Database(file);
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
      for (const f of [file, `${file}-wal`]) {
        const bytes = existsSync(f) ? readFileSync(f) : Buffer.alloc(0);
        expect(bytes.includes('Skłodowska'), f).toBe(false);
        expect(bytes.includes('marie.curie@example.org'), f).toBe(false);
      }
    } finally {
      await crm.close();
    }
  });
});
