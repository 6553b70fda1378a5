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
});
