import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app.ts';
import { createApp } from '../app.ts';
import { openDb } from '../storage/db.ts';
import { sqliteStore } from '../store.ts';

describe('GET /admin', () => {
  it('serves the console page, never cached, under the strict page policy', async () => {
    const { app } = testApp();
    for (const path of ['/admin', '/admin/', '/admin/leads', '/admin/leads/lead_x?q=ada&utm_source=x']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/script-src 'self'[^;]*;/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      // Nothing inline: every script and stylesheet is a file of this server.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/<style|style=/);
    }
    expect((await app.request('/administrator')).status).toBe(404);
  });

  it('serves the hashed assets for a year, compressed as the browser accepts', async () => {
    const { app } = testApp();
    const html = await (await app.request('/admin')).text();
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const style = /href="(\/admin\/assets\/[^"]+\.css)"/.exec(html)?.[1] as string;
    expect(script).toMatch(/-[\w-]{8}\.js$/);
    const js = await app.request(script, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('br');
    expect((await app.request(style)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await app.request('/admin/assets/nope.js')).status).toBe(404);
    expect((await app.request('/admin/assets/..%2Findex.html')).status).toBe(404);
  });

  it('says how to build the console when it is not built', async () => {
    const app = createApp({
      store: sqliteStore(openDb(':memory:')),
      config: { adminKey: undefined, rateLimitPerMinute: 0, abuseChecks: false },
      publicUrl: () => 'http://leads.test',
      widget: undefined,
      console: undefined,
    });
    const res = await app.request('/admin');
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('console_not_built');
  });
});
