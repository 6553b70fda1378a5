import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
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
