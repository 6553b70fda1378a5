import { beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, TEST_ADMIN_KEY, TEST_PUBLIC_URL, type TestApp } from '../../tests/support/test-app.ts';
import { SIGN_INS_PER_MINUTE } from './session-routes.ts';

let t: TestApp;
const ORIGIN = 'http://localhost';

function signIn(key: string, headers: Record<string, string> = {}, url = '/v1/admin/session') {
  return t.app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify({ key }),
  });
}

/** Signs in; returns the cookie to send back and the CSRF token. */
async function session() {
  const res = await signIn(TEST_ADMIN_KEY);
  expect(res.status).toBe(201);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = await res.json();
  return { cookie, csrfToken: csrfToken as string };
}

describe.each(DIALECTS)('POST /v1/admin/session (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('refuses a wrong key with a 401 and no cookie', async () => {
    const res = await signIn('not-the-key');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('opens a session with an HttpOnly, SameSite=Strict cookie on Path=/', async () => {
    const res = await signIn(TEST_ADMIN_KEY);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lg_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toMatch(/Max-Age=\d+/);
    // Plain http: a Secure cookie would never come back.
    expect(cookie).not.toContain('Secure');
    expect(await res.json()).toEqual({
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      signedInAt: expect.any(String),
      expiresAt: expect.any(String),
    });
  });

  it('marks the cookie Secure, with the __Host- prefix, over https', async () => {
    const direct = await signIn(
      TEST_ADMIN_KEY,
      { origin: 'https://localhost' },
      'https://localhost/v1/admin/session',
    );
    expect(direct.headers.get('set-cookie')).toMatch(/^__Host-lg_session=.*; Secure/);
    // At the public URL's host, when it is https, or through a trusted proxy: see request-origin.test.ts.
    const secure = await t.app.request('https://localhost/v1/admin/session', {
      headers: { cookie: (direct.headers.get('set-cookie') ?? '').split(';')[0] as string },
    });
    expect(secure.status).toBe(200);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await signIn(TEST_ADMIN_KEY, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_failed');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('limits sign-in attempts per client address', async () => {
    for (let i = 0; i < SIGN_INS_PER_MINUTE; i++) expect((await signIn('wrong')).status).toBe(401);
    const res = await signIn(TEST_ADMIN_KEY);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers bad input in the error shape', async () => {
    expect((await signIn('')).status).toBe(422);
    const extra = await t.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ key: TEST_ADMIN_KEY, remember: true }),
    });
    expect(extra.status).toBe(422);
    expect((await t.app.request('/v1/admin/session?x=1')).status).toBe(400);
    const text = await t.app.request('/v1/admin/session', {
      method: 'POST',
      body: 'key',
      headers: { origin: ORIGIN },
    });
    expect(text.status).toBe(415);
  });
});

describe.each(DIALECTS)('a session (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect);
  });

  it('reads the admin API with the cookie alone', async () => {
    const { cookie, csrfToken } = await session();
    expect((await t.app.request('/v1/admin/leads')).status).toBe(401);
    const res = await t.app.request('/v1/admin/leads', { headers: { cookie } });
    expect(res.status).toBe(200);
    const current = await t.app.request('/v1/admin/session', { headers: { cookie } });
    expect(await current.json()).toMatchObject({ csrfToken });
  });

  it('changes nothing without the CSRF token, or from another origin', async () => {
    const { cookie, csrfToken } = await session();
    const erase = (headers: Record<string, string>) =>
      t.app.request('/v1/admin/leads/lead_0000', { method: 'DELETE', headers: { cookie, ...headers } });
    const noToken = await erase({ origin: ORIGIN });
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).error.code).toBe('csrf_failed');
    expect((await erase({ origin: ORIGIN, 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await erase({ origin: 'https://evil.example', 'x-csrf-token': csrfToken })).status).toBe(403);
    expect((await erase({ 'x-csrf-token': csrfToken })).status).toBe(403);
    const post = await t.app.request('/v1/admin/webhooks', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example/x' }),
    });
    expect(post.status).toBe(403);
    // With both: through the gate (this lead does not exist).
    expect((await erase({ origin: ORIGIN, 'x-csrf-token': csrfToken })).status).toBe(404);
    expect((await erase({ origin: TEST_PUBLIC_URL, 'x-csrf-token': csrfToken })).status).toBe(404);
  });

  it('ends at sign-out: the cookie cleared and the session gone', async () => {
    const { cookie, csrfToken } = await session();
    expect((await t.app.request('/v1/admin/session', { method: 'DELETE', headers: { cookie } })).status).toBe(
      403,
    );
    const out = await t.app.request('/v1/admin/session', {
      method: 'DELETE',
      headers: { cookie, origin: ORIGIN, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^lg_session=; Max-Age=0/);
    expect((await t.app.request('/v1/admin/leads', { headers: { cookie } })).status).toBe(401);
    expect((await t.app.request('/v1/admin/session', { headers: { cookie } })).status).toBe(401);
  });

  it('leaves Bearer-key scripts as they were: no cookie, no CSRF token', async () => {
    const res = await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://hooks.example/x' },
    });
    expect(res.status).toBe(201);
    // A bad Bearer key is a 401 even beside a good cookie: the header says which credential is meant.
    const { cookie } = await session();
    const res2 = await t.app.request('/v1/admin/leads', {
      headers: { cookie, authorization: 'Bearer nope' },
    });
    expect(res2.status).toBe(401);
  });
});
