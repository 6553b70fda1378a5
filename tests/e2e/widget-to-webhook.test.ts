/**
 * The walking skeleton, end to end: a page on another origin with the script tag → the visitor fills the
 * form in real Chromium → the lead is in SQLite → a receiver on 127.0.0.1 gets a verified `lead.created`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_FILL_TIME_IN_MS } from '../../shared/proof.ts';
import { launchChromium } from '../support/chromium.ts';
import { eventually, type Fixture, hostSite, webhookReceiver } from '../support/http-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let site: Fixture;
let browser: Browser;
let secret: string;

beforeAll(async () => {
  server = await startTestServer({
    LEADGATE_ADMIN_KEY: 'e2e-admin-key-0123456789',
    LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
  });
  receiver = await webhookReceiver();
  const res = await server.admin('/v1/admin/webhooks', {
    method: 'POST',
    body: { url: `${receiver.url}/hooks/leadgate`, events: ['lead.created'] },
  });
  secret = (await res.json()).secret;
  // The landing page lives on its own origin, as a customer's site would.
  site =
    await hostSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Energy guide</title></head>
<body><main><h1>Get the guide</h1>
<script src="${server.url}/widget.js" data-leadgate-form="demo-ebook" async></script>
</main></body></html>`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await receiver?.close();
  await server?.close();
});

async function openLandingPage(): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/?utm_source=newsletter&utm_campaign=winter&campaign=spring-sale`);
  await page.getByLabel('Work email').waitFor();
  expect(errors).toEqual([]);
  return page;
}

describe('script tag → lead → signed webhook', () => {
  it('renders the form in an open shadow root where the script tag stands', async () => {
    const page = await openLandingPage();
    const placement = await page.evaluate(() => {
      const host = document.querySelector('leadgate-form');
      return {
        afterScript: host?.previousElementSibling?.tagName,
        inMain: host?.parentElement?.tagName,
        shadow: host?.shadowRoot?.mode,
        inputs: host?.shadowRoot?.querySelectorAll('input:not(.hp), select').length,
        // The honeypot: there for bots that fill every input, off-screen and hidden from people.
        honeypot: (() => {
          const hp = host?.shadowRoot?.querySelector<HTMLInputElement>('input.hp');
          return hp && [hp.getBoundingClientRect().right < 0, hp.tabIndex, hp.ariaHidden];
        })(),
        pageStyles: document.querySelectorAll('style, link[rel=stylesheet]').length,
      };
    });
    expect(placement).toEqual({
      afterScript: 'SCRIPT',
      inMain: 'MAIN',
      shadow: 'open',
      inputs: 2,
      honeypot: [true, -1, 'true'],
      pageStyles: 0,
    });
    await page.getByText('Step 1 of 3').waitFor();
    await page.close();
  });

  it("speaks the page's language", async () => {
    const german =
      await hostSite(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Leitfaden</title></head>
<body><script src="${server.url}/widget.js" data-leadgate-form="demo-ebook"></script></body></html>`);
    const page = await browser.newPage();
    try {
      await page.goto(german.url);
      await page.getByLabel('Geschäftliche E-Mail').waitFor();
      await page.getByText('Schritt 1 von 3').waitFor();
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByText('Dieses Feld ist erforderlich.').waitFor();
      // A popup of the same form closes with a button named in German too.
      await page.evaluate(() =>
        (window as unknown as { Leadgate: { open(id: string): void } }).Leadgate.open('demo-ebook'),
      );
      await page.getByRole('button', { name: 'Schließen' }).click();
      await page.waitForFunction(
        () =>
          !document.querySelector('leadgate-form:last-of-type')?.shadowRoot?.querySelector('dialog[open]'),
      );
    } finally {
      await page.close();
      await german.close();
    }
  });

  it('checks required fields before sending anything', async () => {
    const page = await openLandingPage();
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST') posted++;
    });
    await page.getByRole('button', { name: 'Next' }).click();
    const email = page.getByLabel('Work email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => email.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement))
      .toBe(true);
    const describedBy = await email.getAttribute('aria-describedby');
    const message = await page.evaluate(
      (id) => document.querySelector('leadgate-form')?.shadowRoot?.getElementById(id ?? '')?.textContent,
      describedBy,
    );
    expect(message).toBe('This field is required.');
    expect(posted).toBe(0);
    await page.close();
  });

  it('walks the steps with logic, keeps answers on Back, and submits a lead that is stored, scored and delivered', async () => {
    const page = await openLandingPage();
    await page.getByLabel('Work email').fill('ada@example.com');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Step 2 of 3').waitFor();
    // The number of homes is asked only of landlords and property managers.
    expect(await page.getByLabel('How many homes do you manage?').count()).toBe(0);
    await page.getByLabel('What best describes you?').selectOption('landlord');
    await page.getByLabel('How many homes do you manage?').fill('12');
    await page.getByLabel('Over $300').check();
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await page.getByLabel('Work email').inputValue()).toBe('ada@example.com');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByLabel('How many homes do you manage?').inputValue()).toBe('12');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Step 3 of 3').waitFor();
    await page.getByLabel('In the next 3 months').check();
    await page.getByLabel('Heat pump').check();
    const [privacyLink] = await page.getByRole('link', { name: 'privacy notice' }).elementHandles();
    expect(await privacyLink?.getAttribute('href')).toBe(`${server.url}/demo/privacy`);
    await page.getByLabel(/I agree that my answers are stored/).check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/submissions')),
      page.getByRole('button', { name: 'Get the guide' }).click(),
    ]);
    expect(response.status()).toBe(201);
    expect(response.request().headers()['idempotency-key']).toMatch(/^\d+(-\d+){3}$/);
    // The widget solved the form's proof of work while the visitor typed; the honeypot stayed empty.
    const sent = response.request().postDataJSON();
    expect(sent.proof).toMatchObject({ algorithm: 'SHA-256', number: expect.any(Number) });
    expect(sent.honeypot ?? '').toBe('');
    const { id } = await response.json();
    await page.getByText('Your guide is on its way').waitFor();
    expect(await page.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe(
      `${server.url}/demo/energy-guide`,
    );

    const db = new Database(server.dbFile, { readonly: true });
    const lead = db.prepare('select * from leads where id = ?').get(id) as Record<string, unknown>;
    const consents = db
      .prepare('select consent_key, granted from lead_consents where lead_id = ? order by 1')
      .all(id);
    db.close();
    // 30 (landlord) + 30 (over $300) + 30 (next 3 months) + 10 (heat pump) + 20 (10+ homes) = 120 ≥ 70
    expect(lead).toMatchObject({
      form_id: 'demo-ebook',
      form_version: 1,
      score: 120,
      tier: 'sales_qualified',
    });
    expect(JSON.parse(lead.context as string).utm).toEqual({
      utm_source: 'newsletter',
      utm_campaign: 'winter',
    });
    expect(consents).toEqual([
      { consent_key: 'marketing', granted: 0 },
      { consent_key: 'privacy', granted: 1 },
    ]);

    const delivery = await eventually(() => receiver.received.find((r) => r.body.includes(id)));
    const event = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(event.type).toBe('lead.created');
    expect(event.data).toMatchObject({
      id,
      formId: 'demo-ebook',
      formVersion: 1,
      score: 120,
      tier: 'sales_qualified',
      answers: {
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        campaign: 'spring-sale',
        role: 'landlord',
        properties: 12,
        monthly_bill: 'over_300',
        timeline: 'this_quarter',
        interests: ['heat_pump'],
      },
    });
    await page.close();
  });

  it('stores the lead of a person quicker than the minimum fill time, from a form preloaded in its script', async () => {
    await server.admin('/v1/admin/forms', {
      method: 'POST',
      body: {
        id: 'newsletter',
        title: 'Newsletter',
        fields: [{ key: 'email', type: 'email', label: 'Email', required: true }],
        tiers: [{ name: 'subscriber', minScore: 0, outcome: { message: 'Subscribed' } }],
        allowedOrigins: ['*'],
      },
    });
    const quick =
      await hostSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title></head>
<body><script src="${server.url}/widget.js?form=newsletter" data-leadgate-form="newsletter"></script></body></html>`);
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    try {
      await page.goto(quick.url);
      await page.getByLabel('Email').fill('quick@example.com');
      const clickedAt = Date.now();
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/submissions')),
        page.getByRole('button', { name: 'Submit' }).click(),
      ]);
      expect(response.status()).toBe(201);
      const { id } = await response.json();
      await page.getByText('Subscribed').waitFor();
      const db = new Database(server.dbFile, { readonly: true });
      const stored = db.prepare('select id from leads where id = ?').get(id);
      db.close();
      expect(stored).toEqual({ id });
      // Refusals are counted in memory first: the admin API writes them out before it reads.
      const blocked = await (await server.admin('/v1/admin/forms/newsletter/blocked')).json();
      expect(blocked.total).toBe(0);
      // The form came inside its script: no request for the definition, only the visitor's challenge (and
      // the funnel's beacons, which go once it is visible).
      expect(requested.filter((p) => p.startsWith('/v1/') && !p.endsWith('/events'))).toEqual([
        '/v1/forms/newsletter/challenge',
        '/v1/forms/newsletter/submissions',
      ]);
      // It waited for the fill time, not much longer: the proof of work was done while the visitor typed.
      expect(Date.now() - clickedAt).toBeLessThan(MIN_FILL_TIME_IN_MS + 2_000);
    } finally {
      await page.close();
      await quick.close();
    }
  });

  it('has no axe accessibility violations, before and after a failed submit', async () => {
    const page = await openLandingPage();
    await page.addScriptTag({ content: axeSource });
    const violations = () =>
      page.evaluate(async () => {
        // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
        const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v: { id: string; help: string }) => `${v.id}: ${v.help}`);
      });
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByLabel('Work email').getAttribute('aria-invalid')).toBe('true');
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
