import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, TEST_ADMIN_KEY } from '../../tests/support/test-app.ts';
import { demoForm } from './demo-form.ts';

describe.each(DIALECTS)('/v1/admin/forms (%s)', (dialect) => {
  it('creates, versions and archives forms', async () => {
    const t = await appFor(dialect);
    const created = await t.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'whitepaper' },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'whitepaper', version: 1 });
    expect(
      (await t.admin('/v1/admin/forms', { method: 'POST', body: { ...demoForm, id: 'whitepaper' } })).status,
    ).toBe(409);

    const updated = await t.admin('/v1/admin/forms/whitepaper', {
      method: 'PUT',
      body: { ...demoForm, id: undefined, title: 'New title' },
    });
    expect(await updated.json()).toMatchObject({
      id: 'whitepaper',
      version: 2,
      definition: { title: 'New title' },
    });
    expect((await (await t.app.request('/v1/forms/whitepaper')).json()).title).toBe('New title');

    const list = await (await t.admin('/v1/admin/forms')).json();
    expect(list.data.map((f: { id: string }) => f.id)).toEqual(['demo-ebook', 'whitepaper']);

    expect((await t.admin('/v1/admin/forms/whitepaper', { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request('/v1/forms/whitepaper')).status).toBe(410);
    expect((await t.admin('/v1/admin/forms/whitepaper')).status).toBe(200);
  });

  it('lists versions newest first, and restores an archived form at its current version', async () => {
    const t = await appFor(dialect);
    await t.admin('/v1/admin/forms/demo-ebook', { method: 'PUT', body: { ...demoForm, title: 'Two' } });
    const versions = await (await t.admin('/v1/admin/forms/demo-ebook/versions')).json();
    expect(versions.data).toEqual([
      { version: 2, createdAt: expect.any(String) },
      { version: 1, createdAt: expect.any(String) },
    ]);
    expect((await t.admin('/v1/admin/forms/nope/versions')).status).toBe(404);
    expect((await t.admin('/v1/admin/forms/demo-ebook/versions?limit=1')).status).toBe(400);

    await t.admin('/v1/admin/forms/demo-ebook', { method: 'DELETE' });
    expect((await t.app.request('/v1/forms/demo-ebook')).status).toBe(410);
    const restored = await t.admin('/v1/admin/forms/demo-ebook/restore', { method: 'POST' });
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({ id: 'demo-ebook', version: 2, archivedAt: null });
    expect((await t.app.request('/v1/forms/demo-ebook')).status).toBe(200);
    // Restoring a form that is not archived changes nothing and says so the same way.
    expect((await t.admin('/v1/admin/forms/demo-ebook/restore', { method: 'POST' })).status).toBe(200);
    expect((await t.admin('/v1/admin/forms/nope/restore', { method: 'POST' })).status).toBe(404);
  });

  it('422s a bad definition with the path of each problem', async () => {
    const t = await appFor(dialect);
    const res = await t.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'Bad Id', tiers: [] },
    });
    expect(res.status).toBe(422);
    const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(['id', 'tiers', 'disqualifiers.0.tier']);
  });

  it('answers a showIf nested 3,000 deep in the error shape, not a 500', async () => {
    const t = await appFor(dialect);
    const showIf = `${'{"not":'.repeat(3000)}{"field":"email","answered":true}${'}'.repeat(3000)}`;
    const definition = JSON.stringify({ ...demoForm, id: 'deep' }).replace(
      '"key":"name",',
      `"key":"name","showIf":${showIf},`,
    );
    const res = await t.app.request('/v1/admin/forms', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: definition,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('json_too_deep');
  });

  it('refuses query parameters, which no form route takes', async () => {
    const t = await appFor(dialect);
    const res = await t.admin('/v1/admin/forms?archived=true');
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([
      { path: 'query.archived', message: expect.any(String) },
    ]);
    expect((await t.admin('/v1/admin/forms/demo-ebook?version=1')).status).toBe(400);
    // Routes beside these under /v1/admin/forms keep their own parameters.
    expect((await t.admin('/v1/admin/forms/demo-ebook/blocked?days=7')).status).toBe(200);
    expect((await t.admin('/v1/admin/forms/demo-ebook/blocked?day=7')).status).toBe(400);
  });

  it('refuses to change a form id through PUT', async () => {
    const t = await appFor(dialect);
    const res = await t.admin('/v1/admin/forms/demo-ebook', {
      method: 'PUT',
      body: { ...demoForm, id: 'other' },
    });
    expect(res.status).toBe(422);
  });
});
