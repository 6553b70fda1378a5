import { describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';

describe('web routes', () => {
  it('refuses query parameters on /healthz, and takes any on pages and the widget', async () => {
    const { app } = testApp();
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
      const res = await testApp().app.request(path);
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
    const { app } = testApp();
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
