import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, demoSubmission, type TestApp } from '../../tests/support/test-app.ts';
import { silentLogger } from '../log/logger.ts';
import { eraseExpiredLeads, scheduleRetention } from './retention.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

let t: TestApp;
async function leadCreated(at: number) {
  const res = await t.app.request('/v1/forms/demo-ebook/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoSubmission()),
  });
  const { id } = await res.json();
  await t.sql(`UPDATE leads SET created_at = ${at} WHERE id = '${id}'`);
  return id as string;
}

async function retain(days: number | undefined) {
  const { definition } = await (await t.admin('/v1/admin/forms/demo-ebook')).json();
  return t.admin('/v1/admin/forms/demo-ebook', {
    method: 'PUT',
    body: { ...definition, retentionDays: days },
  });
}

describe.each(DIALECTS)('retention (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('erases leads older than the form’s retentionDays, a batch at a time, each with lead.erased', async () => {
    await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://crm.example' } });
    const old = [
      await leadCreated(NOW - 400 * DAY),
      await leadCreated(NOW - 31 * DAY),
      await leadCreated(NOW - 30 * DAY - 1),
    ];
    const onTheDay = await leadCreated(NOW - 30 * DAY);
    const recent = await leadCreated(NOW - DAY);
    expect(await eraseExpiredLeads(t.store, { now: NOW })).toBe(0);

    expect((await retain(30)).status).toBe(200);
    expect(await eraseExpiredLeads(t.store, { now: NOW, batchSize: 2 })).toBe(3);
    const left = (await t.sql<{ id: string }>('SELECT id FROM leads')).map((l) => l.id);
    expect(left.sort()).toEqual([onTheDay, recent].sort());
    const erased = await t.sql<{ payload: string }>(
      "SELECT payload FROM webhook_messages WHERE event_type = 'lead.erased'",
    );
    expect(erased.map((m) => JSON.parse(m.payload).data.id).sort()).toEqual([...old].sort());
    expect(await eraseExpiredLeads(t.store, { now: NOW })).toBe(0);
    // A shutdown stops a sweep between batches.
    expect(await eraseExpiredLeads(t.store, { now: NOW + 60 * DAY, stopped: () => true })).toBe(0);
    expect(await eraseExpiredLeads(t.store, { now: NOW + 60 * DAY })).toBe(2);
  });

  it('runs as a job from start, wakes the dispatcher when it erased, and stops between batches', async () => {
    await retain(1);
    await leadCreated(Date.now() - 2 * DAY);
    let wakes = 0;
    const job = scheduleRetention({
      stores: t.store,
      logger: silentLogger,
      onErased: () => wakes++,
      everyInMs: 60_000,
    });
    for (let i = 0; i < 100 && wakes === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await job.stop();
    expect(wakes).toBe(1);
    expect(await t.sql('SELECT * FROM leads')).toEqual([]);
  });

  it('is admin-only: a whole number of days, never in the public form', async () => {
    for (const days of [0, 1.5, -1]) expect((await retain(days)).status).toBe(422);
    expect((await retain(365)).status).toBe(200);
    const publicForm = await (await t.app.request('/v1/forms/demo-ebook')).json();
    expect(JSON.stringify(publicForm)).not.toContain('retention');
  });
});
