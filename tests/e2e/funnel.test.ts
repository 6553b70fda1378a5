/**
 * The funnel end to end: the widget's beacons (view once visible, start, each step reached) and the
 * submission move the counts the admin API serves, and no beacon carries a cookie, an id or an answer.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { fillDemoForm } from '../support/demo-form.ts';
import { eventually, type Fixture, hostSite } from '../support/http-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ADMIN_KEY = 'e2e-admin-key-0123456789';
let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;
let site: Fixture | undefined;

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: ADMIN_KEY });
  browser = await launchChromium();
});
afterEach(async () => {
  await context?.close();
  await site?.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Beacon = { url: string; body: string; visible: boolean };

/** A page that records each beacon with whether the form was on screen when it was sent. */
async function openPage(
  url: string,
): Promise<{ page: Page; beacons: () => Promise<Beacon[]>; requests: Request[] }> {
  context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.addInitScript(() => {
    const w = window as unknown as { beacons: Beacon[] };
    w.beacons = [];
    const send = navigator.sendBeacon.bind(navigator);
    const visible = () => {
      const box = document
        .querySelector('leadgate-form')
        ?.shadowRoot?.querySelector('form')
        ?.getBoundingClientRect();
      return !!box && box.bottom > 0 && box.top < innerHeight;
    };
    navigator.sendBeacon = (to, data) => {
      w.beacons.push({ url: String(to), body: String(data), visible: visible() });
      return send(to, data);
    };
  });
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await page.goto(url);
  const beacons = () => page.evaluate(() => (window as unknown as { beacons: Beacon[] }).beacons);
  return { page, beacons, requests };
}

const funnel = async (query = 'formId=demo-ebook') =>
  (await server.admin(`/v1/admin/analytics/funnel?${query}`)).json();
const counts = async () => {
  const f = await funnel();
  return Object.fromEntries(
    f.stages.map((s: { stage: string; step?: number; count: number }) => [
      s.step ? `step${s.step}` : s.stage,
      s.count,
    ]),
  );
};

describe('the funnel', () => {
  it('counts a view only once the form is visible', async () => {
    const before = (await funnel()).views;
    site = await hostSite(
      `<!doctype html><html lang="en"><body><div style="height:3000px">Read on</div>
       <script src="${server.url}/widget.js" data-leadgate-form="demo-ebook" async></script></body></html>`,
    );
    const { page, beacons } = await openPage(site.url);
    // Rendered below the fold: shown to no one yet.
    await page.getByLabel('Work email').waitFor({ state: 'attached' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await beacons()).toEqual([]);
    expect((await funnel()).views).toBe(before);

    await page.getByLabel('Work email').scrollIntoViewIfNeeded();
    await eventually(async () => (await beacons()).length === 1);
    expect(await beacons()).toEqual([expect.objectContaining({ visible: true })]);
    await eventually(async () => (await funnel()).views === before + 1);
  });

  it('moves from view to start, each step and submission on the demo page, with nothing personal sent', async () => {
    const before = await counts();
    const { page, beacons, requests } = await openPage(`${server.url}/demo?utm_source=E2E&utm_term=energy`);
    await page.getByLabel('Work email').waitFor();
    await eventually(async () => (await counts()).view === before.view + 1);

    await fillDemoForm(page, 'funnel@example.com');
    await page.getByRole('button', { name: 'Get the guide' }).click();
    await page.getByText('Thanks for your interest').waitFor();

    const sent = await beacons();
    expect(sent.map((b) => Object.fromEntries(new URLSearchParams(b.body)))).toEqual([
      { utm_source: 'E2E', utm_term: 'energy', kind: 'view', step: '0', version: '1', referrer: '' },
      { utm_source: 'E2E', utm_term: 'energy', kind: 'start', step: '0', version: '1', referrer: '' },
      { utm_source: 'E2E', utm_term: 'energy', kind: 'step', step: '2', version: '1', referrer: '' },
      { utm_source: 'E2E', utm_term: 'energy', kind: 'step', step: '3', version: '1', referrer: '' },
    ]);
    expect(sent.every((b) => b.visible && b.url === `${server.url}/v1/forms/demo-ebook/events`)).toBe(true);
    // Typing more, going back and forth: each kind and step is counted once per page.
    expect(sent.some((b) => b.body.includes('funnel') || b.body.includes('%40'))).toBe(false);

    await eventually(async () => {
      const now = await counts();
      return (
        now.start === before.start + 1 &&
        now.step2 === (before.step2 ?? 0) + 1 &&
        now.step3 === (before.step3 ?? 0) + 1 &&
        now.submit === before.submit + 1
      );
    });
    const f = await funnel();
    expect(f.tiers.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(f.submissions);
    const sources = await (await server.admin('/v1/admin/analytics/breakdown?by=utm_source')).json();
    expect(sources.rows).toContainEqual({ value: 'e2e', views: 1, starts: 1, submissions: 1, conversion: 1 });

    // No cookie went with a beacon, and the widget set none.
    const events = requests.filter((r) => r.url().endsWith('/events'));
    expect(events).toHaveLength(4);
    for (const r of events) expect((await r.allHeaders()).cookie).toBeUndefined();
    expect(await context?.cookies()).toEqual([]);
  });
});
