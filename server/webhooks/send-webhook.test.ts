import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cidr, parseCidr } from './cidr.ts';
import { parseRetryAfter, sendWebhook } from './send-webhook.ts';

const allow = [parseCidr('127.0.0.0/8'), parseCidr('::1/128')] as Cidr[];
const servers: Server[] = [];
let hits = 0;

async function serve(handler: RequestListener): Promise<number> {
  const server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
afterEach(() => {
  hits = 0;
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const post = (url: string, options: { timeoutMs?: number; allow?: Cidr[] } = {}) =>
  sendWebhook({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"a":1}',
    timeoutMs: 2000,
    allow,
    ...options,
  });

describe('sendWebhook', () => {
  it('posts the body and reports status, body and latency', async () => {
    let received = '';
    const port = await serve((req, res) => {
      req.on('data', (c) => {
        received += c;
      });
      req.on('end', () => res.end('thanks'));
    });
    const result = await post(`http://127.0.0.1:${port}/hook`);
    expect(result).toMatchObject({ statusCode: 200, body: 'thanks' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(received).toBe('{"a":1}');
  });

  it('does not follow redirects', async () => {
    const target = await serve((_req, res) => res.end('should not be reached'));
    const port = await serve((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target}/` }).end(),
    );
    expect((await post(`http://127.0.0.1:${port}/`)).statusCode).toBe(302);
    expect(hits).toBe(1);
  });

  it('gives up at the timeout', async () => {
    const port = await serve(() => {});
    expect(await post(`http://127.0.0.1:${port}/`, { timeoutMs: 200 })).toMatchObject({ error: 'timeout' });
  });

  it('reads Retry-After and truncates long bodies', async () => {
    const port = await serve((_req, res) =>
      res.writeHead(429, { 'retry-after': '7' }).end('x'.repeat(100_000)),
    );
    const result = await post(`http://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ statusCode: 429, retryAfterMs: 7000 });
    expect(result.body.length).toBeLessThanOrEqual(4096);
    expect(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(55_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('refuses loopback without an allow-list, by literal and by name, before connecting', async () => {
    const port = await serve((_req, res) => res.end('ok'));
    expect(await post(`http://127.0.0.1:${port}/`, { allow: [] })).toMatchObject({
      error: 'address_forbidden: 127.0.0.1',
    });
    expect((await post(`http://localhost:${port}/`, { allow: [] })).error).toMatch(/^address_forbidden/);
    expect((await post(`http://[::ffff:127.0.0.1]:${port}/`, { allow: [] })).error).toMatch(
      /^address_forbidden/,
    );
    expect(hits).toBe(0);
    expect((await post(`http://localhost:${port}/`)).statusCode).toBe(200);
  });

  it('turns connection failures into results, never exceptions', async () => {
    const port = await serve(() => {});
    servers[0]?.close();
    await new Promise((r) => setTimeout(r, 20));
    const result = await post(`http://127.0.0.1:${port + 0}/`, { timeoutMs: 1000 });
    expect(result.statusCode).toBeUndefined();
    expect(result.error).toBeTruthy();
  });
});
