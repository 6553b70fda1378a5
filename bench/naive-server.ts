/**
 * The baseline `bench:ingest` compares Leadgate with: what ten minutes with Hono, valibot and better-sqlite3
 * give. It checks a body of the widget's shape and inserts one row with a statement prepared once; no
 * form, no scoring, no consents table, no idempotency, no outbox. Benchmark code, not product code.
 *
 *   NAIVE_DB=/tmp/naive.db NAIVE_SYNC=FULL node --import tsx bench/naive-server.ts
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import * as v from 'valibot';

const SYNC = process.env.NAIVE_SYNC === 'NORMAL' ? 'NORMAL' : 'FULL';

const Body = v.object({
  formVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  answers: v.object({
    email: v.pipe(v.string(), v.email()),
    name: v.optional(v.pipe(v.string(), v.maxLength(120))),
    role: v.picklist(['homeowner', 'landlord', 'property_manager', 'renter']),
    monthly_bill: v.picklist(['under_100', '100_300', 'over_300']),
    timeline: v.picklist(['this_quarter', 'this_year', 'researching']),
    interests: v.optional(v.array(v.picklist(['insulation', 'heat_pump', 'solar']))),
  }),
  consents: v.record(v.string(), v.boolean()),
  context: v.optional(v.record(v.string(), v.unknown())),
  honeypot: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

const db = new Database(process.env.NAIVE_DB ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${SYNC}`);
db.exec(`create table if not exists leads (
  id text primary key, idempotency_key text, form_id text not null, email text not null,
  answers text not null, consents text not null, context text, created_at integer not null)`);
const insert = db.prepare(
  'insert into leads (id, idempotency_key, form_id, email, answers, consents, context, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
);

const app = new Hono();
app.post('/v1/forms/:id/submissions', async (c) => {
  const parsed = v.safeParse(Body, await c.req.json());
  if (!parsed.success) return c.json({ error: { issues: v.flatten(parsed.issues).nested } }, 422);
  const { answers, consents, context } = parsed.output;
  const id = `lead_${randomUUID()}`;
  insert.run(
    id,
    c.req.header('idempotency-key') ?? null,
    c.req.param('id'),
    answers.email,
    JSON.stringify(answers),
    JSON.stringify(consents),
    JSON.stringify(context ?? {}),
    Date.now(),
  );
  return c.json({ id, outcome: { message: 'Thanks! Your guide is ready.' } }, 201);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, () =>
  console.log(`naive: listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`),
);
process.on('SIGTERM', () => {
  server.close();
  db.close();
  process.exit(0);
});
