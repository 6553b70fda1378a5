import { runInNewContext } from 'node:vm';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, type Dialect, TEST_ADMIN_KEY } from '../../tests/support/test-app.ts';

const bundle = 'window.widgetRan = true;';
const widget = {
  etag: '"plain"',
  identity: Buffer.from(bundle),
  gzip: Buffer.from(''),
  br: Buffer.from(''),
};

const app = async (dialect: Dialect) => (await appFor(dialect, { abuseChecks: true, widget })).app;

const admin = (method: string, body?: unknown) => ({
  method,
  headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** What the page gets from a script: the forms it defined, and whether the widget ran after them. */
function run(code: string) {
  const page: { LeadgateForms?: Record<string, Record<string, { title: string; version: number }>> } = {};
  const window: { widgetRan?: boolean } = {};
  runInNewContext(code, { self: page, window });
  return { forms: page.LeadgateForms, ran: window.widgetRan };
}

describe.each(DIALECTS)('GET /widget.js?form=ID (%s)', (dialect) => {
  it('carries the form before the widget, in every encoding, cached for a minute', async () => {
    const a = await app(dialect);
    const res = await a.request('/widget.js?form=demo-ebook&v=2');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const { forms, ran } = run(await res.text());
    expect(ran).toBe(true);
    expect(forms?.['demo-ebook']?.de?.title).toBe('Ihr Leitfaden für niedrigere Energiekosten');
    expect(forms?.['demo-ebook']?.['*']?.title).toBe('Your guide to reducing home energy costs');

    const gz = await a.request('/widget.js?form=demo-ebook', { headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toContain(bundle);
    const br = await a.request('/widget.js?form=demo-ebook', { headers: { 'accept-encoding': 'br' } });
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toContain('Leitfaden');
    const again = await a.request('/widget.js?form=demo-ebook', {
      headers: { 'if-none-match': res.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('shows a changed form with a new etag; an unknown or archived form gets the plain widget', async () => {
    const a = await app(dialect);
    const before = await a.request('/widget.js?form=demo-ebook');
    const definition = (await (await a.request('/v1/admin/forms/demo-ebook', admin('GET'))).json())
      .definition;
    await a.request('/v1/admin/forms/demo-ebook', admin('PUT', { ...definition, title: 'A new title' }));
    const after = await a.request('/widget.js?form=demo-ebook');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(run(await after.text()).forms?.['demo-ebook']?.en).toMatchObject({
      title: 'A new title',
      version: 2,
    });

    for (const query of ['?form=nope', '?form=../../etc', '']) {
      const plain = await a.request(`/widget.js${query}`);
      expect([await plain.text(), plain.headers.get('cache-control')]).toEqual([
        bundle,
        'public, max-age=300',
      ]);
    }
    await a.request('/v1/admin/forms/demo-ebook', admin('DELETE'));
    expect(await (await a.request('/widget.js?form=demo-ebook')).text()).toBe(bundle);
  });
});

describe.each(DIALECTS)('GET /v1/forms/:formId/challenge (%s)', (dialect) => {
  it('gives a fresh challenge for a form preloaded without one, never cached', async () => {
    const a = await app(dialect);
    const res = await a.request('/v1/forms/demo-ebook/challenge');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const first = await res.json();
    expect(first).toMatchObject({ algorithm: 'SHA-256', salt: expect.stringContaining('form=demo-ebook') });
    expect((await (await a.request('/v1/forms/demo-ebook/challenge')).json()).salt).not.toBe(first.salt);
    expect((await a.request('/v1/forms/nope/challenge')).status).toBe(404);
    expect((await a.request('/v1/forms/demo-ebook/challenge?x=1')).status).toBe(400);
    // With the bot gates off there is nothing to solve.
    expect((await (await appFor(dialect)).app.request('/v1/forms/demo-ebook/challenge')).status).toBe(204);
  });
});
