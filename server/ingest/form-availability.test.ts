/**
 * What a page learns before its visitor starts: a form it may not send says so (and the owner sees the
 * refusal), an archived form answers with its closing message, and `widget.js?form=` preloads a form only
 * for a page that may send it.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { appFor, demoSubmission, TEST_ADMIN_KEY } from '../../tests/support/test-app.ts';
import { demoForm } from '../forms/demo-form.ts';

const SHOP = { ...demoForm, id: 'shop', allowedOrigins: ['https://*.shop.example'] };

describe.each(DIALECTS)('a form a page may not send (%s)', (dialect) => {
  it('tells that page in the public form, counts the refusal and remembers the site', async () => {
    const t = await appFor(dialect);
    await t.admin('/v1/admin/forms', { method: 'POST', body: SHOP });
    const allowed = await t.app.request('/v1/forms/shop', {
      headers: { origin: 'https://www.shop.example' },
    });
    expect(allowed.status).toBe(200);
    expect((await allowed.json()).originAllowed).toBeUndefined();

    const refused = await t.app.request('/v1/forms/shop', { headers: { origin: 'http://localhost:5173' } });
    expect(refused.status).toBe(200);
    expect(refused.headers.get('vary')).toContain('Origin');
    const shown = await refused.json();
    expect(shown).toMatchObject({
      id: 'shop',
      originAllowed: false,
      strings: { notHere: expect.any(String) },
    });

    const funnel = await (await t.admin('/v1/admin/analytics/funnel?formId=shop')).json();
    expect(funnel.refused.byReason).toEqual([{ reason: 'origin_not_allowed', count: 1 }]);
    const origins = await (await t.admin('/v1/admin/forms/shop/refused-origins')).json();
    expect(origins.data).toMatchObject([{ origin: 'http://localhost:5173', count: 1 }]);
  });
});

describe.each(DIALECTS)('an archived form (%s)', (dialect) => {
  it('answers 410 with its own closing message, in the visitor language, for the form and a submission', async () => {
    const t = await appFor(dialect);
    await t.admin('/v1/admin/forms', {
      method: 'POST',
      body: {
        ...demoForm,
        id: 'spring',
        closedMessage: { en: 'Registration has closed.', de: 'Die Anmeldung ist geschlossen.' },
      },
    });
    await t.admin('/v1/admin/forms/spring', { method: 'DELETE' });
    const form = await t.app.request('/v1/forms/spring?locale=de');
    expect(form.status).toBe(410);
    expect((await form.json()).error).toMatchObject({
      code: 'form_closed',
      message: 'Die Anmeldung ist geschlossen.',
    });
    const sent = await t.app.request('/v1/forms/spring/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoSubmission()),
    });
    expect(sent.status).toBe(410);
    expect((await sent.json()).error).toMatchObject({
      code: 'form_closed',
      message: 'Registration has closed.',
    });
  });

  it('says "This form is closed." in the visitor language without one; an unknown form stays a 404', async () => {
    const t = await appFor(dialect);
    await t.admin('/v1/admin/forms/demo-ebook', { method: 'DELETE' });
    const form = await t.app.request('/v1/forms/demo-ebook', { headers: { 'accept-language': 'de-DE,de' } });
    expect((await form.json()).error.message).toBe('Dieses Formular ist geschlossen.');
    expect((await t.app.request('/v1/forms/nope')).status).toBe(404);
  });
});

describe.each(DIALECTS)('widget.js?form=ID (%s)', (dialect) => {
  it('preloads the form for a page it accepts (or one that sends no Referer), not for one it refuses', async () => {
    const plain = 'window.widgetRan = true;';
    const buffer = Buffer.from(plain);
    const { app } = await appFor(dialect, {
      widget: { etag: '"plain"', identity: buffer, gzip: buffer, br: buffer },
    });
    await app.request('/v1/admin/forms', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(SHOP),
    });
    const script = async (referer?: string) => {
      const res = await app.request('/widget.js?form=shop', referer ? { headers: { referer } } : {});
      expect(res.headers.get('vary')).toBe('Accept-Encoding, Referer');
      return (await res.text()) === plain ? 'plain' : 'preloaded';
    };
    expect(await script('https://www.shop.example/')).toBe('preloaded');
    expect(await script('https://Deep.Www.Shop.Example/landing?x=1')).toBe('preloaded');
    expect(await script()).toBe('preloaded');
    expect(await script('http://localhost:8080/')).toBe('plain');
    expect(await script('https://shop.example/')).toBe('plain');
  });
});
