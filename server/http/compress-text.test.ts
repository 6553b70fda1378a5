import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app.ts';

describe('compressText', () => {
  it('gzips the public form for a browser that accepts it, and says the response varies by it', async () => {
    const { app } = testApp();
    const plain = await app.request('/v1/forms/demo-ebook');
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(1024);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/Accept-Encoding/i);

    const res = await app.request('/v1/forms/demo-ebook', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    const body = gunzipSync(Buffer.from(await res.arrayBuffer()));
    expect(body.length).toBeLessThan(text.length * 2);
    expect(JSON.parse(body.toString()).id).toBe('demo-ebook');
  });

  it('gzips the API reference page, which is HTML', async () => {
    const { app } = testApp();
    const plain = await app.request('/docs');
    const html = await plain.text();
    const res = await app.request('/docs', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(html.length / 4);
    expect(gunzipSync(body).toString()).toBe(html);
  });

  it('leaves small bodies as they are', async () => {
    const { app } = testApp();
    const res = await app.request('/healthz', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
