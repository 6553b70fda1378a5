import { beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';

let t: ReturnType<typeof testApp>;
beforeEach(() => {
  t = testApp();
});

describe('/v1/admin/webhooks', () => {
  it('401s without a valid admin key', async () => {
    for (const authorization of [undefined, 'Bearer wrong-key-0000000000', 'Basic abc']) {
      const res = await t.app.request(
        '/v1/admin/webhooks',
        authorization ? { headers: { authorization } } : {},
      );
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('registers an endpoint and returns its secret once', async () => {
    const res = await t.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: 'https://crm.example/hooks', events: ['lead.created'], description: 'CRM' },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      url: 'https://crm.example/hooks',
      events: ['lead.created'],
      enabled: true,
      secret: expect.stringMatching(/^whsec_/),
    });
    const listed = await (await t.admin('/v1/admin/webhooks')).json();
    expect(listed.data).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const one = await (await t.admin(`/v1/admin/webhooks/${created.id}`)).json();
    expect(one.secret).toBeUndefined();
  });

  it.each([
    [{ url: 'ftp://crm.example' }, 'url'],
    [{ url: 'https://user:pw@crm.example' }, 'url'],
    [{ url: 'https://crm.example', events: ['lead.deleted'] }, 'events.0'],
    [{ url: 'https://crm.example', events: [] }, 'events'],
    [{ url: 'https://crm.example', colour: 'red' }, 'colour'],
  ])('refuses %j with a 422 at %s', async (body, path) => {
    const res = await t.admin('/v1/admin/webhooks', { method: 'POST', body });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
  });

  it('updates, rotates and deletes', async () => {
    const { id, secret } = await (
      await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://a.example' } })
    ).json();
    const patched = await t.admin(`/v1/admin/webhooks/${id}`, { method: 'PATCH', body: { enabled: false } });
    expect(await patched.json()).toMatchObject({ id, enabled: false, url: 'https://a.example' });
    const rotated = await (
      await t.admin(`/v1/admin/webhooks/${id}/rotate-secret`, { method: 'POST' })
    ).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await t.admin(`/v1/admin/webhooks/${id}/attempts`)).status).toBe(200);
    expect((await t.admin(`/v1/admin/webhooks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.admin(`/v1/admin/webhooks/${id}`)).status).toBe(404);
    expect((await t.admin(`/v1/admin/webhooks/${id}/rotate-secret`, { method: 'POST' })).status).toBe(404);
  });
});
