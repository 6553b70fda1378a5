import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor } from '../../tests/support/test-app.ts';
import { createApp } from '../app.ts';
import { type Db, openDb } from '../storage/db.ts';
import * as schema from '../storage/schema.ts';
import { sqliteStore } from '../store.ts';

describe.each(DIALECTS)('web routes (%s)', (dialect) => {
  it('refuses query parameters on /healthz, and takes any on pages and the widget', async () => {
    const { app } = await appFor(dialect);
    const res = await app.request('/healthz?verbose=1');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('unknown_query_parameter');
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/demo?utm_source=news&utm_medium=email')).status).toBe(200);
    expect((await app.request('/demo/privacy?ref=x')).status).toBe(200);
  });

  it.each(['/demo', '/demo/energy-guide', '/demo/book-a-call', '/demo/privacy'])(
    'serves %s with a strict CSP, nosniff, no framing and a referrer policy',
    async (path) => {
      const res = await (await appFor(dialect)).app.request(path);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self' http://leads.test");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    },
  );

  it('sends nosniff on JSON, errors included', async () => {
    const { app } = await appFor(dialect);
    for (const path of [
      '/healthz',
      '/v1/forms/demo-ebook',
      '/v1/forms/nope',
      '/v1/admin/forms',
      '/nothing',
    ]) {
      expect((await app.request(path)).headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

const dir = mkdtempSync(join(tmpdir(), 'leadgate-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const appOver = (db: Db, demo?: boolean) =>
  createApp({
    store: sqliteStore(db),
    config: {
      adminKey: undefined,
      rateLimitPerMinute: 0,
      abuseChecks: false,
      ...(demo === undefined ? {} : { demo }),
    },
    publicUrl: () => 'http://leads.test',
    widget: undefined,
  });

describe('GET /healthz', () => {
  it.each(DIALECTS)('is 200 while the database can be written (%s)', async (dialect) => {
    const res = await (await appFor(dialect)).app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is a 503 in the error shape when the database cannot be written (reads still work)', async () => {
    const file = join(dir, 'ro.db');
    openDb(file).$client.close();
    const readOnly = drizzle(new Database(file, { readonly: true }), { schema }) as Db;
    const app = appOver(readOnly);
    expect((await app.request('/v1/forms/nope')).status).toBe(404);
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: { code: 'database_not_writable', message: 'The database cannot be written.' },
    });
  });
});

describe('LEADGATE_DEMO=off', () => {
  it('serves no demo pages', async () => {
    const on = appOver(openDb(':memory:'));
    const off = appOver(openDb(':memory:'), false);
    for (const path of ['/demo', '/demo/energy-guide', '/demo/book-a-call', '/demo/privacy']) {
      expect((await on.request(path)).status).toBe(200);
      const res = await off.request(path);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    expect((await on.request('/')).status).toBe(302);
    expect((await off.request('/')).status).toBe(404);
  });
});
