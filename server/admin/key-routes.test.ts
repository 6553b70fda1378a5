import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, TEST_ADMIN_KEY, type TestApp } from '../../tests/support/test-app.ts';

const ORIGIN = 'http://localhost';

/** Signs a browser in with `key`; returns what its requests send back. */
async function signIn(app: TestApp['app'], key: string) {
  const res = await app.request('/v1/admin/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ key }),
  });
  expect(res.status).toBe(201);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string };
}

const bearer = (app: TestApp['app'], key: string, path = '/v1/admin/forms') =>
  app.request(path, { headers: { authorization: `Bearer ${key}` } });

describe.each(DIALECTS)('/v1/admin/keys (%s)', (dialect) => {
  it('creates a named key, shown once and stored hashed, that opens the admin API', async () => {
    const t = await appFor(dialect);
    const res = await t.admin('/v1/admin/keys', { method: 'POST', body: { name: '  CI deploys ' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const created = await res.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^key_/),
      name: 'CI deploys',
      source: 'stored',
      createdAt: expect.any(String),
      lastUsedAt: null,
      notRevocable: null,
      key: expect.stringMatching(/^lg_admin_[\w-]{32}$/),
    });
    const [row] = await t.sql('SELECT * FROM admin_keys');
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row?.reveal).toBeNull();
    expect((await bearer(t.app, created.key)).status).toBe(200);

    const list = await (await t.admin('/v1/admin/keys')).json();
    expect(list.data).toEqual([
      expect.objectContaining({ id: 'env', source: 'environment', notRevocable: expect.any(String) }),
      expect.objectContaining({ id: created.id, name: 'CI deploys', lastUsedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(list)).not.toContain(created.key);
    // The configured key was used by this very request.
    expect(list.data[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses a body it does not take, and any query, in the error shape', async () => {
    const t = await appFor(dialect);
    const cases = [
      [{ name: '' }, 422, 'validation_failed'],
      [{ name: 'x'.repeat(81) }, 422, 'validation_failed'],
      [{ name: 'ok', role: 'admin' }, 422, 'validation_failed'],
      [{}, 422, 'validation_failed'],
    ] as const;
    for (const [body, status, code] of cases) {
      const res = await t.admin('/v1/admin/keys', { method: 'POST', body });
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    const query = await t.admin('/v1/admin/keys?source=env');
    expect(query.status).toBe(400);
    expect((await query.json()).error).toMatchObject({
      code: 'unknown_query_parameter',
      issues: [{ path: 'query.source' }],
    });
    expect((await t.app.request('/v1/admin/keys')).status).toBe(401);
  });

  it('revokes a key: it no longer opens the API, and its console sessions end', async () => {
    const t = await appFor(dialect);
    const { id, key } = await (
      await t.admin('/v1/admin/keys', { method: 'POST', body: { name: 'Laptop' } })
    ).json();
    const { cookie } = await signIn(t.app, key);
    const withCookie = () => t.app.request('/v1/admin/forms', { headers: { cookie } });
    expect((await withCookie()).status).toBe(200);

    expect((await t.admin(`/v1/admin/keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await withCookie()).status).toBe(401);
    expect((await bearer(t.app, key)).status).toBe(401);
    expect((await t.admin(`/v1/admin/keys/${id}`, { method: 'DELETE' })).status).toBe(404);
    const env = await t.admin('/v1/admin/keys/env', { method: 'DELETE' });
    expect(env.status).toBe(409);
    expect((await env.json()).error.code).toBe('key_from_environment');
    expect((await bearer(t.app, TEST_ADMIN_KEY)).status).toBe(200);
  });

  it('records the last use at most once a minute, sessions included', async () => {
    let now = 1_000_000;
    const t = await appFor(dialect);
    const keys = t.store.adminKeys;
    const { id, key } = await keys.create('Script', now);
    const lastUsed = async () => (await t.sql('SELECT last_used_at FROM admin_keys'))[0]?.last_used_at;
    await keys.resolve(key);
    const first = await lastUsed();
    expect(first).toEqual(expect.any(Number));
    // Within the minute: not written again.
    expect(await keys.used(id, (first as number) + 30_000)).toBe(true);
    expect(await lastUsed()).toBe(first);
    now = (first as number) + 61_000;
    expect(await keys.used(id, now)).toBe(true);
    expect(await lastUsed()).toBe(now);
    expect(await keys.used('key_gone', now)).toBe(false);
  });

  it('never revokes the last key when no key is configured: nobody could sign in', async () => {
    const { app, store } = await appFor(dialect, { adminKey: undefined });
    const generated = (await store.adminKeys.ensure(undefined)) as string;
    const admin = (path: string, method = 'GET') =>
      app.request(path, { method, headers: { authorization: `Bearer ${generated}` } });
    const list = await (await admin('/v1/admin/keys')).json();
    expect(list.data).toEqual([
      expect.objectContaining({ name: 'Generated at first start', notRevocable: expect.any(String) }),
    ]);
    const [only] = list.data;
    const refused = await admin(`/v1/admin/keys/${only.id}`, 'DELETE');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('last_admin_key');
    expect((await admin('/v1/admin/keys/env', 'DELETE')).status).toBe(404);

    // With a second key, the first may go (even the one in use).
    const second = await store.adminKeys.create('Backup');
    expect((await admin(`/v1/admin/keys/${only.id}`, 'DELETE')).status).toBe(204);
    expect((await admin('/v1/admin/keys')).status).toBe(401);
    const left = await app.request('/v1/admin/keys', { headers: { authorization: `Bearer ${second.key}` } });
    expect((await left.json()).data).toEqual([
      expect.objectContaining({ id: second.id, notRevocable: expect.any(String) }),
    ]);
  });
});
