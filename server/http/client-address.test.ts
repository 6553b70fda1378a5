import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

const appWith = (trustProxy: boolean) => new Hono().get('/', (c) => c.text(clientAddress({ trustProxy })(c)));
const forwarded = { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' };

describe('clientAddress', () => {
  it('takes the address the trusted proxy appended to X-Forwarded-For', async () => {
    expect(await (await appWith(true).request('/', { headers: forwarded })).text()).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-For unless told to trust a proxy (a client could send anything)', async () => {
    expect(await (await appWith(false).request('/', { headers: forwarded })).text()).toBe('unknown');
  });
});
