/**
 * `npm run bench:copy`: how long `leadgate copy-to-postgres` takes for a large installation. Fills a SQLite
 * file with LEADS leads shaped as the demo form makes them (six answers, two consents, a delivered webhook
 * with its attempt, an idempotency key: 13 rows a lead), copies it into a fresh PostgreSQL database and
 * prints the time. A benchmark, not a test.
 *
 *   LEADS=100000 npm run bench:copy
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { copyToPostgres } from '../server/copy/copy-to-postgres.ts';
import { demoForm } from '../server/forms/demo-form.ts';
import { openDb } from '../server/storage/db.ts';

const LEADS = Number(process.env.LEADS ?? 100_000);
const ADMIN_URL = process.env.LEADGATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const dir = mkdtempSync(join(tmpdir(), 'leadgate-copy-bench-'));
const file = join(dir, 'leadgate.db');
const db = openDb(file).$client;
const now = Date.now();
const consentText =
  'I agree that my answers are stored and used to send me the guide, as the privacy notice says.';
const context = JSON.stringify({
  pageUrl: 'https://www.example.com/energy?utm_source=newsletter',
  utm: { utm_source: 'newsletter' },
  locale: 'en',
});

const filling = performance.now();
db.transaction(() => {
  db.prepare('INSERT INTO forms (id, current_version, created_at, updated_at) VALUES (?, 1, ?, ?)').run(
    'demo-ebook',
    now,
    now,
  );
  db.prepare('INSERT INTO form_versions (form_id, version, definition, created_at) VALUES (?, 1, ?, ?)').run(
    'demo-ebook',
    JSON.stringify(demoForm),
    now,
  );
  db.prepare(`INSERT INTO webhook_endpoints (id, url, events, secret, created_at, updated_at)
              VALUES ('ep_bench', 'https://crm.example/hook', '["lead.*"]', 'whsec_bench', ?, ?)`).run(
    now,
    now,
  );
  const lead = db.prepare(
    'INSERT INTO leads (id, form_id, form_version, score, tier, context, email, created_at) VALUES (?, ?, 1, 40, ?, ?, ?, ?)',
  );
  const answer = db.prepare('INSERT INTO lead_answers (lead_id, field_key, value) VALUES (?, ?, ?)');
  const consent = db.prepare(
    'INSERT INTO lead_consents (lead_id, consent_key, granted, text, text_sha256, form_version, recorded_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
  );
  const message = db.prepare(
    'INSERT INTO webhook_messages (id, event_type, form_id, lead_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const delivery = db.prepare(`INSERT INTO webhook_deliveries (message_id, endpoint_id, status, attempt_count,
                               next_attempt_at, created_at, updated_at) VALUES (?, 'ep_bench', 'delivered', 1, ?, ?, ?)`);
  const attempt =
    db.prepare(`INSERT INTO webhook_attempts (delivery_id, message_id, endpoint_id, attempted_at,
                              status_code, latency_ms, response_body) VALUES (?, ?, 'ep_bench', ?, 200, 12, 'ok')`);
  const key = db.prepare(
    'INSERT INTO idempotency_keys (form_id, key, request_hash, status_code, response_body, created_at) VALUES (?, ?, ?, 201, ?, ?)',
  );
  const sha = createHash('sha256').update(consentText).digest('hex');
  for (let i = 0; i < LEADS; i++) {
    const id = `lead_${String(i).padStart(10, '0')}`;
    const at = now - (LEADS - i) * 1000;
    const email = `person${i}@example.com`;
    const answers = {
      email,
      name: `Person ${i}`,
      role: 'homeowner',
      monthly_bill: 'over_300',
      timeline: 'this_year',
      interests: ['solar', 'insulation'],
    };
    lead.run(id, 'demo-ebook', 'nurture', context, email, at);
    for (const [k, v] of Object.entries(answers)) answer.run(id, k, JSON.stringify(v));
    consent.run(id, 'privacy', 1, consentText, sha, at);
    consent.run(id, 'marketing', 0, consentText, sha, at);
    const messageId = `msg_${String(i).padStart(10, '0')}`;
    const payload = JSON.stringify({
      type: 'lead.created',
      timestamp: new Date(at),
      data: { id, answers, context },
    });
    message.run(messageId, 'lead.created', 'demo-ebook', id, payload, at);
    const deliveryId = delivery.run(messageId, at, at, at).lastInsertRowid;
    attempt.run(deliveryId, messageId, at);
    key.run('demo-ebook', randomBytes(16).toString('hex'), sha, JSON.stringify({ id, tier: 'nurture' }), at);
  }
})();
db.close();
console.log(
  `filled ${LEADS.toLocaleString('en-US')} leads in ${((performance.now() - filling) / 1000).toFixed(1)} s`,
);

const name = `leadgate_copy_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
try {
  const report = await copyToPostgres({ from: file, databaseUrl: url.toString() });
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  const seconds = report.elapsedInMs / 1000;
  console.log(
    `copied ${rows.toLocaleString('en-US')} rows (${LEADS.toLocaleString('en-US')} leads) in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`,
  );
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end({ timeout: 1 });
  rmSync(dir, { recursive: true, force: true });
}
