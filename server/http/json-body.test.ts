import { request as httpRequest } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.ts';
import { type JsonBodyEnv, jsonBody, MAX_JSON_DEPTH } from './json-body.ts';
import { nestsDeeperThan } from './json-depth.ts';
import { onError } from './on-error.ts';

const app = new Hono<JsonBodyEnv>()
  .post('/', jsonBody({ maxSizeInBytes: 1024 }), (c) => c.json({ body: c.get('body') }))
  .onError(onError(silentLogger));
const post = (body: string) =>
  app.request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(nestsDeeperThan('x', 0)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
  });

  it('measures a value far deeper than the stack allows, without recursion', () => {
    expect(nestsDeeperThan(JSON.parse(nested(200_000)), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('jsonBody', () => {
  it(`passes a body nested ${MAX_JSON_DEPTH} deep and refuses one level more in the error shape`, async () => {
    expect((await post(nested(MAX_JSON_DEPTH))).status).toBe(200);
    const res = await post(nested(MAX_JSON_DEPTH + 1));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'json_too_deep', message: expect.any(String) } });
  });
});

describe('jsonBody through Node', () => {
  let server: ReturnType<typeof serve>;
  let port = 0;
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
          port = info.port;
          resolve();
        });
      }),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** POSTs `chunks`: with a Content-Length, or chunked (Transfer-Encoding) when `chunked`. */
  const send = (chunks: string[], chunked: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const length = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': length }) },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });

  it('reads a body with a Content-Length, and refuses one over the limit', async () => {
    expect(await send(['{"a":', '[1,2]}'], false)).toEqual({ status: 200, body: '{"body":{"a":[1,2]}}' });
    const res = await send([`"${'x'.repeat(2000)}"`], false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
  });

  it('counts a chunked body while reading it', async () => {
    expect(await send(['{"a":', '[1,2]}'], true)).toEqual({ status: 200, body: '{"body":{"a":[1,2]}}' });
    const res = await send(['"', 'x'.repeat(600), 'x'.repeat(600), '"'], true);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
  });
});
