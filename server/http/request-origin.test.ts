import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isHttps, ownOrigins } from './request-origin.ts';

function probe(options: { trustProxy: boolean; publicUrl: string }) {
  const app = new Hono();
  const deps = { trustProxy: options.trustProxy, publicUrl: () => options.publicUrl };
  app.get('/', (c) => c.json({ https: isHttps(c, deps), origins: ownOrigins(c, deps) }));
  return (url: string, headers: Record<string, string> = {}) =>
    Promise.resolve(app.request(url, { headers })).then((r) => r.json());
}

describe('where the browser reached us', () => {
  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    const trusted = probe({ trustProxy: true, publicUrl: 'http://127.0.0.1:8787' });
    expect(await trusted('http://leads.example.com/', { 'x-forwarded-proto': 'https' })).toEqual({
      https: true,
      origins: ['https://leads.example.com', 'http://127.0.0.1:8787'],
    });
    const untrusted = probe({ trustProxy: false, publicUrl: 'http://127.0.0.1:8787' });
    expect(await untrusted('http://leads.example.com/', { 'x-forwarded-proto': 'https' })).toMatchObject({
      https: false,
    });
  });

  it('counts the https public URL’s host as https, and no other host', async () => {
    const behindProxy = probe({ trustProxy: false, publicUrl: 'https://leads.example.com' });
    expect(await behindProxy('http://leads.example.com/')).toEqual({
      https: true,
      origins: ['http://leads.example.com', 'https://leads.example.com'],
    });
    expect(await behindProxy('http://127.0.0.1:8787/')).toMatchObject({ https: false });
  });
});
