import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, TEST_PUBLIC_URL } from '../../tests/support/test-app.ts';
import { demoForm } from './demo-form.ts';
import { MAX_ORIGINS_PER_FORM, RefusedOrigins } from './refused-origins.ts';

describe('RefusedOrigins', () => {
  it('keeps the most recent origins per form, counted, and only values that are origins', () => {
    const refused = new RefusedOrigins();
    refused.record('f', 'https://a.example', 1);
    refused.record('f', 'https://b.example', 2);
    refused.record('f', 'https://a.example', 3);
    refused.record('f', 'null', 4);
    refused.record('f', 'https://x.example/path', 5);
    refused.record('f', undefined, 6);
    expect(refused.list('f')).toEqual([
      { origin: 'https://a.example', count: 2, lastRefusedAt: 3 },
      { origin: 'https://b.example', count: 1, lastRefusedAt: 2 },
    ]);
    for (let i = 0; i < MAX_ORIGINS_PER_FORM + 5; i++) refused.record('f', `https://s${i}.example`, 10 + i);
    const kept = refused.list('f');
    expect(kept).toHaveLength(MAX_ORIGINS_PER_FORM);
    expect(kept[0]?.origin).toBe(`https://s${MAX_ORIGINS_PER_FORM + 4}.example`);
    expect(refused.list('other')).toEqual([]);
  });
});

describe.each(DIALECTS)('GET /v1/admin/forms/:id/refused-origins (%s)', (dialect) => {
  it('lists the origins a form refused, from submissions and beacons, but not the allowed ones', async () => {
    const t = await appFor(dialect);
    await t.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'shop', allowedOrigins: ['https://shop.example'] },
    });
    const post = (path: string, origin: string, body: string, type: string) =>
      t.app.request(path, { method: 'POST', headers: { origin, 'content-type': type }, body });
    expect(
      (await post('/v1/forms/shop/submissions', 'https://other.example', '{}', 'application/json')).status,
    ).toBe(403);
    const beacon = 'kind=view&step=0&version=1&referrer=';
    const form = 'application/x-www-form-urlencoded';
    expect((await post('/v1/forms/shop/events', 'https://third.example', beacon, form)).status).toBe(403);
    expect((await post('/v1/forms/shop/events', 'https://shop.example', beacon, form)).status).toBe(204);
    expect((await post('/v1/forms/shop/events', TEST_PUBLIC_URL, beacon, form)).status).toBe(204);

    const res = await t.admin('/v1/admin/forms/shop/refused-origins');
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual([
      { origin: 'https://third.example', count: 1, lastRefusedAt: expect.any(String) },
      { origin: 'https://other.example', count: 1, lastRefusedAt: expect.any(String) },
    ]);
    expect((await t.admin('/v1/admin/forms/nope/refused-origins')).status).toBe(404);
  });
});
