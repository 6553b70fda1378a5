import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, type TestApp } from '../../tests/support/test-app.ts';
import { demoForm } from '../forms/demo-form.ts';

let t: TestApp;
const beacon = (
  fields: Record<string, string>,
  { formId = 'demo-ebook', headers = {} }: { formId?: string; headers?: Record<string, string> } = {},
) =>
  t.app.request(`/v1/forms/${formId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

/** The counters as stored, once what is in memory is written. */
const stored = async () => {
  await t.store.funnel.close();
  return t.sql<Record<string, string | number>>(`
    SELECT form_id AS "formId", form_version AS "formVersion", kind, step, utm_source AS "utmSource",
           utm_medium AS "utmMedium", utm_campaign AS "utmCampaign", referrer, count
    FROM funnel_counts ORDER BY kind, step, utm_source, utm_medium, utm_campaign, referrer`);
};

describe.each(DIALECTS)('POST /v1/forms/:formId/events (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('counts a view with its version, UTM and referrer host, and nothing else', async () => {
    const res = await beacon(
      {
        kind: 'view',
        step: '0',
        version: '1',
        referrer: 'WWW.News.example:443',
        utm_source: ' Newsletter ',
        utm_medium: 'email',
        utm_term: 'not counted',
      },
      { headers: { origin: 'https://shop.example' } },
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await stored()).toEqual([
      {
        formId: 'demo-ebook',
        formVersion: 1,
        kind: 'view',
        step: 0,
        utmSource: 'newsletter',
        utmMedium: 'email',
        utmCampaign: '',
        referrer: 'news.example',
        count: 1,
      },
    ]);
  });

  it('adds up the same event and keeps steps apart; a referrer on the page’s own site is none', async () => {
    const headers = { origin: 'https://shop.example' };
    for (let i = 0; i < 3; i++) await beacon({ kind: 'start', step: '0', version: '1' }, { headers });
    await beacon({ kind: 'step', step: '2', version: '1', referrer: 'shop.example' }, { headers });
    await beacon({ kind: 'step', step: '3', version: '1' }, { headers });
    const rows = await stored();
    expect(rows.map((r) => [r.kind, r.step, r.referrer, r.count])).toEqual([
      ['start', 0, '', 3],
      ['step', 2, '', 1],
      ['step', 3, '', 1],
    ]);
  });

  it('404s an unknown or archived form and counts nothing', async () => {
    expect((await beacon({ kind: 'view', step: '0', version: '1' }, { formId: 'nope' })).status).toBe(404);
    await t.admin('/v1/admin/forms/demo-ebook', { method: 'DELETE' });
    const res = await beacon({ kind: 'view', step: '0', version: '1' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('form_not_found');
    expect(await stored()).toEqual([]);
  });

  it('refuses what is not a beacon, in the error shape, and counts nothing', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ kind: 'click', step: '0', version: '1' }, 'kind'],
      [{ kind: 'view', step: '0', version: '1', email: 'ada@example.com' }, 'email'],
      [{ kind: 'step', step: '0', version: '1' }, 'step'],
      [{ kind: 'view', step: '2', version: '1' }, 'step'],
      [{ kind: 'step', step: '4', version: '1' }, 'step'],
      [{ kind: 'view', step: '0', version: '7' }, 'version'],
      [{ kind: 'view', step: '0', version: '-1' }, 'version'],
      [{ kind: 'view', step: '0' }, 'version'],
    ];
    for (const [fields, path] of cases) {
      const res = await beacon(fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      const body = await res.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect((await beacon({ kind: 'view' }, { headers: { 'content-type': 'application/json' } })).status).toBe(
      415,
    );
    expect((await beacon({ kind: 'view', utm_source: 'x'.repeat(2000) })).status).toBe(413);
    const twice = await t.app.request('/v1/forms/demo-ebook/events', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=view&kind=start&step=0&version=1',
    });
    expect(twice.status).toBe(400);
    expect((await t.app.request('/v1/forms/demo-ebook/events?x=1', { method: 'POST' })).status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it('is refused from an origin the form does not take', async () => {
    const created = await t.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'closed', allowedOrigins: ['https://mine.example'] },
    });
    expect(created.status).toBe(201);
    const res = await beacon(
      { kind: 'view', step: '0', version: '1' },
      { formId: 'closed', headers: { origin: 'https://other.example' } },
    );
    expect(res.status).toBe(403);
    expect(
      (
        await beacon(
          { kind: 'view', step: '0', version: '1' },
          { formId: 'closed', headers: { origin: 'https://mine.example' } },
        )
      ).status,
    ).toBe(204);
    expect((await stored()).map((r) => r.formId)).toEqual(['closed']);
  });

  it('is rate limited per address and form, more loosely than submissions', async () => {
    t = await appFor(dialect, { rateLimitPerMinute: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await beacon({ kind: 'view', step: '0', version: '1' })).status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(10);
    expect(statuses.at(-1)).toBe(429);
  });

  it('folds new sources past the day’s cap into (other)', async () => {
    const { MAX_SOURCES_PER_FORM_DAY } = await import('./funnel-store.ts');
    for (let i = 0; i <= MAX_SOURCES_PER_FORM_DAY; i++) {
      await t.store.funnel.count({
        formId: 'demo-ebook',
        formVersion: 1,
        kind: 'view',
        step: 0,
        source: { utmSource: `s${i}`, utmMedium: '', utmCampaign: '', referrer: '' },
      });
    }
    const rows = await stored();
    expect(rows).toHaveLength(MAX_SOURCES_PER_FORM_DAY + 1);
    expect(rows.filter((r) => r.utmSource === '(other)')).toEqual([
      expect.objectContaining({ utmMedium: '(other)', referrer: '(other)', count: 1 }),
    ]);
  });
});
