import { Hono } from 'hono';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.ts';
import { onError } from './on-error.ts';
import { NoQuery, parseQuery } from './query.ts';

const app = new Hono()
  .get('/leads', (c) => c.json(parseQuery(c, v.object({ tier: v.optional(v.string()) }))))
  .get('/none', (c) => c.json(parseQuery(c, NoQuery)))
  .onError(onError(silentLogger));

describe('parseQuery', () => {
  it('passes known parameters through', async () => {
    expect(await (await app.request('/leads?tier=hot')).json()).toEqual({ tier: 'hot' });
  });

  it('refuses an unknown parameter by name, instead of ignoring a filter', async () => {
    const res = await app.request('/leads?email=ada@example.com');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'unknown_query_parameter',
      issues: [{ path: 'query.email' }],
    });
    expect((await app.request('/none?x=1')).status).toBe(400);
  });

  it('refuses a parameter given twice', async () => {
    const res = await app.request('/leads?tier=a&tier=b');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('repeated_query_parameter');
  });
});
