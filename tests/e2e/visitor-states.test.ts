/**
 * The visitor's side of the widget in Chromium: every server answer shown as what it is (a 429 waits out
 * its Retry-After, a 5xx retries by itself, one lead either way), a page the form refuses and an archived
 * form told before anyone starts, errors that clear once right and show more than a colour, the success
 * screen, a popup that opens on its first field and grows downwards, and the sizes a phone needs.
 */
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoForm } from '../../server/forms/demo-form.ts';
import { launchChromium } from '../support/chromium.ts';
import { fillDemoForm } from '../support/demo-form.ts';
import { type Fixture, hostSite } from '../support/http-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const KEY = 'visitor-states-admin-key-0123';
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
const sites: Fixture[] = [];

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY });
  browser = await launchChromium();
});
afterEach(async () => {
  await context?.close();
  while (sites.length) await sites.pop()?.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const tag = (attrs = '', form = 'demo-ebook') =>
  `<script src="${server.url}/widget.js?form=${form}" data-leadgate-form="${form}" ${attrs} async></script>`;
const leadCount = (email: string) => {
  const db = new Database(server.dbFile, { readonly: true });
  const n = db
    .prepare("select count(*) n from lead_answers where field_key = 'email' and value = ?")
    .get(JSON.stringify(email));
  db.close();
  return (n as { n: number }).n;
};

/** Serves `body` on its own origin and opens it in a fresh context at `viewport`; console lines are kept. */
async function open(body: string, viewport = { width: 1280, height: 800 }) {
  const site = await hostSite(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Landing page</title></head><body style="margin:0"><main style="padding:16px">${body}</main></body></html>`,
  );
  sites.push(site);
  context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const logged: string[] = [];
  page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(site.url);
  return { page, site, logged };
}

/** The submit button's text (its countdown, while it waits). */
const submitText = (page: Page) =>
  page.evaluate(
    () =>
      document.querySelector('leadgate-form')?.shadowRoot?.querySelector('button[type=submit]')
        ?.textContent ?? '',
  );

/** Answers the first `times` submissions with `status` (and its headers, CORS included), then lets them through. */
async function failSubmissions(
  page: Page,
  times: number,
  status: number,
  headers: Record<string, string> = {},
) {
  const seen: string[] = [];
  await page.route('**/submissions', async (route: Route) => {
    seen.push(route.request().headers()['idempotency-key'] ?? '');
    if (seen.length > times) return route.continue();
    await route.fulfill({
      status,
      contentType: 'application/json',
      headers: {
        'access-control-allow-origin': '*',
        'access-control-expose-headers': 'Retry-After',
        ...headers,
      },
      body: JSON.stringify({ error: { code: 'busy', message: 'Busy.' } }),
    });
  });
  return seen;
}

describe('every server answer shown as what it is', () => {
  it('waits out a 429 Retry-After with a countdown, then sends again by itself: one lead, one key', async () => {
    const { page } = await open(tag());
    await fillDemoForm(page, 'busy@example.com');
    const keys = await failSubmissions(page, 1, 429, { 'retry-after': '3' });
    await page.getByRole('button', { name: 'Get the guide' }).click();
    await page.getByText('The server is busy. We will try again shortly.').waitFor();
    await expect.poll(() => submitText(page)).toMatch(/^Retry now \([23] s\)$/);
    // Nothing to click: the visitor who waits gets the lead sent.
    await page.getByRole('heading', { name: 'Your guide is ready' }).waitFor({ timeout: 10_000 });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(leadCount('busy@example.com')).toBe(1);
  });

  it('retries a 5xx with backoff while the page is open and online, and "Retry now" sends at once', async () => {
    const { page } = await open(tag());
    await fillDemoForm(page, 'fivehundred@example.com');
    const keys = await failSubmissions(page, 2, 503);
    const started = Date.now();
    await page.getByRole('button', { name: 'Get the guide' }).click();
    await page.getByText('We could not reach the server. We will keep trying.').waitFor();
    // The first retry comes by itself after 2 s (no `online` event: the visitor never went offline).
    await expect.poll(() => keys.length, { timeout: 5_000 }).toBe(2);
    expect(Date.now() - started).toBeGreaterThan(1_500);
    // The second wait is 4 s; the visitor does not have to sit it out.
    await expect.poll(() => submitText(page)).toMatch(/^Retry now \([34] s\)$/);
    await page.getByRole('button', { name: /^Retry now/ }).click();
    await page.getByRole('heading', { name: 'Your guide is ready' }).waitFor();
    expect(new Set(keys).size).toBe(1);
    expect(leadCount('fivehundred@example.com')).toBe(1);
  });
});

describe('told before anyone starts', () => {
  it('a form that refuses this page says so instead of showing fields, tells the owner, and counts it', async () => {
    await server.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'elsewhere', allowedOrigins: ['https://*.example.com'] },
    });
    const { page, site, logged } = await open(tag('', 'elsewhere'));
    await page.getByText('This form cannot be sent from this page.').waitFor();
    expect(await page.getByLabel('Work email').count()).toBe(0);
    expect(logged).toContainEqual(
      expect.stringMatching(/^warning: leadgate: form elsewhere does not allow http/),
    );
    const refused = await (await server.admin('/v1/admin/forms/elsewhere/refused-origins')).json();
    expect(refused.data.map((r: { origin: string }) => r.origin)).toContain(new URL(site.url).origin);
    const funnel = await (await server.admin('/v1/admin/analytics/funnel?formId=elsewhere')).json();
    expect(funnel.refused.byReason).toEqual([{ reason: 'origin_not_allowed', count: 1 }]);
  });

  it('an archived form shows its closing message where the form was', async () => {
    await server.admin('/v1/admin/forms', {
      method: 'POST',
      body: { ...demoForm, id: 'winter', closedMessage: 'The winter offer has ended. Thank you!' },
    });
    await server.admin('/v1/admin/forms/winter', { method: 'DELETE' });
    const { page } = await open(tag('', 'winter'));
    await page.getByText('The winter offer has ended. Thank you!').waitFor();
  });
});

describe('errors', () => {
  it('clear as soon as the answer is right, and show a mark and a 2 px border, not colour alone', async () => {
    const { page } = await open(tag());
    const email = page.getByLabel('Work email');
    await email.fill('not-an-email');
    await page.getByRole('button', { name: 'Next' }).click();
    const error = page.getByText('Enter a valid email address.');
    await error.waitFor();
    const look = await email.evaluate((input) => {
      const shadow = input.getRootNode() as ShadowRoot;
      const message = shadow.querySelector('.error') as Element;
      return {
        ring: getComputedStyle(input).boxShadow,
        mark: getComputedStyle(message, '::before').content,
      };
    });
    expect(look.ring).toMatch(/ 0px 0px 0px 1px inset$/);
    expect(look.mark).toBe('"!"');
    // Fixed: gone at once, before any Next.
    await email.fill('fixed@example.com');
    await expect.poll(() => error.count()).toBe(0);
    expect(await email.getAttribute('aria-invalid')).toBeNull();
  });
});

describe('a German page', () => {
  it('shows the demo form in German, placeholders included', async () => {
    const { page } = await open(tag('data-locale="de"'));
    const email = page.getByLabel('Geschäftliche E-Mail');
    await email.waitFor();
    expect(await email.getAttribute('placeholder')).toBe('sie@firma.de');
    expect(await page.getByLabel('Name').getAttribute('placeholder')).toBe('Erika Mustermann');
  });
});

describe('the success screen', () => {
  it('has a mark, a heading, the message and the buttons the form names, the first one primary', async () => {
    const { page } = await open(tag());
    await fillDemoForm(page, 'success@example.com', { bill: 'Over $300', timeline: 'In the next 3 months' });
    await page.getByRole('button', { name: 'Get the guide' }).click();
    await page.getByRole('heading', { name: 'Your guide is on its way' }).waitFor();
    await page.getByText('You look like a great fit').waitFor();
    const download = page.getByRole('link', { name: 'Download the guide' });
    const call = page.getByRole('link', { name: 'Book a call' });
    const fill = (l: typeof download) => l.evaluate((a) => getComputedStyle(a).backgroundColor);
    expect(await fill(download)).not.toBe(await fill(call));
    expect(await fill(call)).toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator('leadgate-form .mark').getAttribute('aria-hidden')).toBe('true');
  });
});

describe('a popup', () => {
  it('has its close control level with the title and does not move when errors appear', async () => {
    const { page } = await open(tag('data-mode="popup" data-button="Get the free guide"'));
    await page.getByRole('button', { name: 'Get the free guide' }).click();
    const title = page.getByRole('heading', { name: 'Your guide to reducing home energy costs' });
    await title.waitFor();
    const close = await page.getByRole('button', { name: 'Close' }).boundingBox();
    const heading = await title.boundingBox();
    if (!close || !heading) throw new Error('not laid out');
    // The title's first line (22 px at 1.25) and the 44 px control share a middle, give or take a few px.
    expect(Math.abs(close.y + close.height / 2 - (heading.y + 27.5 / 2))).toBeLessThan(6);
    const top = await page.getByRole('dialog').evaluate((d) => d.getBoundingClientRect().top);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('This field is required.').waitFor();
    expect(await page.getByRole('dialog').evaluate((d) => d.getBoundingClientRect().top)).toBe(top);
  });
});

describe('at 375 px', () => {
  const phone = { width: 375, height: 667 };

  it('gives inputs the width, choices 44 px rows, and a heading focus no input-like box', async () => {
    const { page } = await open(tag(), phone);
    const email = page.getByLabel('Work email');
    // The page's own 16 px padding and nothing of the widget's on top.
    expect((await email.boundingBox())?.width).toBeGreaterThanOrEqual(375 - 2 * 16);
    await email.fill('phone@example.com');
    await page.getByRole('button', { name: 'Next' }).click();
    const option = page.getByLabel('Under $100');
    await option.waitFor();
    const row = await option.evaluate(
      (input) => (input.closest('label') as Element).getBoundingClientRect().height,
    );
    expect(row).toBeGreaterThanOrEqual(44);
    const heading = await page.evaluate(() => {
      const h3 = document.querySelector('leadgate-form')?.shadowRoot?.activeElement as Element;
      return [h3.tagName, getComputedStyle(h3).outlineStyle];
    });
    expect(heading).toEqual(['H3', 'none']);
  });

  it('keeps a slide-in to half the screen', async () => {
    const { page } = await open(tag('data-mode="slide-in" data-trigger="load"'), phone);
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box?.height).toBeLessThanOrEqual(phone.height / 2 + 1);
    expect(box?.width).toBeGreaterThanOrEqual(375 - 16);
  });

  it('opens a popup on its first field, its inputs as wide as the phone allows', async () => {
    const { page } = await open(tag('data-mode="popup" data-button="Get the free guide"'), phone);
    await page.getByRole('button', { name: 'Get the free guide' }).click();
    await page.getByRole('dialog').waitFor();
    const focused = await page.evaluate(() =>
      [...document.querySelectorAll('leadgate-form')]
        .map((host) => host.shadowRoot?.activeElement?.getAttribute('name'))
        .find(Boolean),
    );
    expect(focused).toBe('email');
    expect((await page.getByLabel('Work email').boundingBox())?.width).toBeGreaterThanOrEqual(320);
  });

  it('moves nothing below an inline form: not when it appears, nor when the success screen is shorter', async () => {
    // The tag as the console and the README give it (not async), its script slow to come.
    const site =
      await hostSite(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width">
      <title>Landing page</title></head><body><h1>Energy</h1><p>Intro.</p>
      <script src="${server.url}/widget.js?form=demo-ebook" data-leadgate-form="demo-ebook"></script>
      <p id="below">Below the form.</p>${'<p>More of the page.</p>'.repeat(30)}</body></html>`);
    sites.push(site);
    context = await browser.newContext({ viewport: phone });
    const page = await context.newPage();
    await page.route('**/widget.js*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { shifted: number };
      w.shifted = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
          if (!e.hadRecentInput) w.shifted += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(site.url);
    await page.getByLabel('Work email').waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBeLessThan(0.05);
    // The success screen is much shorter than the first step: the host keeps the first step's height.
    const below = () => page.evaluate(() => document.getElementById('below')?.offsetTop ?? 0);
    const before = await below();
    await fillDemoForm(page, 'still@example.com');
    await page.getByRole('button', { name: 'Get the guide' }).click();
    await page.getByRole('heading', { name: 'Your guide is ready' }).waitFor();
    expect(await below()).toBeGreaterThanOrEqual(before);
  });
});
