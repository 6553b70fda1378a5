/**
 * The console's Overview in Chromium against the real server: its home on a fresh install (with the way
 * to a first view), the funnel moving after a real visitor submits through the widget on /demo, the range
 * and the breakdowns from the keyboard, and axe light and dark.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { axe, openPage } from '../support/console-browser.ts';
import { fillDemoForm } from '../support/demo-form.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const KEY = 'overview-e2e-admin-key-0123456789';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/admin`);
  await page.getByLabel('Admin key').fill(KEY);
  await page.getByLabel('Admin key').press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** A key figure's value (`Views` → `1`). */
const figure = (page: Page, label: string) =>
  page.locator('.kpi', { has: page.locator('dt', { hasText: label }) }).locator('dd.kpi-value');
/** The count in a row of the funnel's table (`Viewed`, `Submitted`). */
const stage = (funnel: Locator, name: string) =>
  funnel.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td.funnel-count');

/** A visitor fills the demo form through the widget and submits it. */
async function submitOnDemo(email: string) {
  const visitor = await browser.newContext();
  const demo = await visitor.newPage();
  await demo.goto(`${server.url}/demo?utm_source=Overview-E2E&utm_campaign=launch`);
  await fillDemoForm(demo, email);
  await demo.getByRole('button', { name: 'Get the guide' }).click();
  await demo.getByText('Thanks for your interest').waitFor();
  await visitor.close();
}

describe('the Overview', () => {
  it('opens first, says how to get a first view, then shows the funnel move after a real submission', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context);
    await signIn(page);
    // The home of the console, first in the navigation.
    const nav = page.getByRole('navigation', { name: 'Console' }).getByRole('link');
    expect(await nav.first().textContent()).toBe('Overview');
    expect(new URL(page.url()).pathname).toBe('/admin/overview');

    // A fresh install: nothing counted, and how to change that.
    await page.getByRole('heading', { name: 'No views in these days yet' }).waitFor();
    expect(await page.locator('pre.snippet').textContent()).toBe(
      `<script src="${server.url}/widget.js?form=demo-ebook" data-leadgate-form="demo-ebook"></script>`,
    );
    expect(await page.getByRole('link', { name: 'demo page' }).getAttribute('href')).toBe('/demo');

    await submitOnDemo('overview-visitor@example.com');

    // Refresh: the funnel moved, view to submission.
    await page.getByRole('button', { name: 'Refresh' }).click();
    const funnel = page.getByRole('table', { name: 'The funnel, stage by stage' });
    await funnel.waitFor();
    await expect.poll(() => figure(page, 'Views').textContent()).toBe('1');
    expect(await figure(page, 'Submissions').textContent()).toBe('1');
    expect(await stage(funnel, 'Viewed').textContent()).toBe('1');
    expect(await stage(funnel, 'Started').textContent()).toBe('1');
    expect(await stage(funnel, 'Reached step 2').textContent()).toBe('1');
    expect(await stage(funnel, 'Submitted').textContent()).toBe('1');
    expect(await figure(page, 'Conversion').textContent()).toBe('100%');
    // The lead's tier, its source, and today in the daily numbers.
    const tiers = page.getByRole('table', { name: 'Leads by tier' }).getByRole('row');
    await expect.poll(() => tiers.count()).toBe(2);
    expect(await tiers.nth(1).locator('td.funnel-count').textContent()).toBe('1');
    const sources = page.getByRole('table', { name: /by source/ });
    await sources.getByRole('row', { name: /overview-e2e/ }).waitFor();
    await page.getByText('Show the numbers').click();
    const today = page
      .getByRole('table', { name: /per day/ })
      .getByRole('row')
      .nth(1);
    expect(await today.locator('td').allTextContents()).toEqual(['1', '1', '1', '0']);
    await expect
      .poll(() => page.getByRole('img', { name: /Daily views, starts and submissions/ }).count())
      .toBe(1);

    // A second visitor: the counts go on.
    await submitOnDemo('overview-second@example.com');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => figure(page, 'Views').textContent()).toBe('2');
    expect(await stage(funnel, 'Submitted').textContent()).toBe('2');

    // The form's own overview, from the list of forms.
    await page
      .getByRole('table', { name: 'Each form in these days' })
      .getByRole('link', { name: 'Your guide to reducing home energy costs' })
      .click();
    await page.waitForURL(/form=demo-ebook/);
    await page.getByText('Your guide to reducing home energy costs ·').waitFor();
    expect(await figure(page, 'Submissions').textContent()).toBe('2');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('chooses the days and the breakdown from the keyboard, all of it in the address', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context);
    await signIn(page);
    await page.getByRole('link', { name: '7 days' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/days=7/);
    await expect
      .poll(() => page.getByRole('link', { name: '7 days' }).getAttribute('aria-current'))
      .toBe('page');
    await page.getByText(/^All forms · 7 days/).waitFor();

    // A custom range: the first day after the last is refused and said so; a good one is applied.
    await page.getByLabel('From', { exact: true }).fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-01');
    await page.getByLabel('To', { exact: true }).press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('The first day comes after the last.');
    await page.getByLabel('To', { exact: true }).fill('2026-03-31');
    await page.getByLabel('To', { exact: true }).press('Enter');
    await page.waitForURL(/from=2026-03-10&to=2026-03-31/);
    await page.getByText(/22 days, Mar 10, 2026 – Mar 31, 2026/).waitFor();

    // The form, by keyboard on its select; then the referrer breakdown.
    await page.goto(`${server.url}/admin/overview`);
    await page.getByLabel('Form', { exact: true }).selectOption('demo-ebook');
    await page.waitForURL(/form=demo-ebook/);
    await page
      .getByRole('navigation', { name: 'Break down by' })
      .getByRole('link', { name: 'Referrer' })
      .click();
    await page.waitForURL(/by=referrer/);
    await page
      .getByRole('table', { name: /by referrer/ })
      .getByText('None (direct or hidden)')
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations, empty and full, ${colorScheme}`, async () => {
      const context = await browser.newContext({ colorScheme });
      const { page, problems } = await openPage(context);
      await signIn(page);
      await page.goto(`${server.url}/admin/overview?from=2020-01-01&to=2020-01-31`);
      await page.getByRole('heading', { name: 'No views in these days yet' }).waitFor();
      expect(await axe(page)).toEqual([]);
      await page.goto(`${server.url}/admin/overview?days=7`);
      await page.getByRole('table', { name: 'The funnel, stage by stage' }).waitFor();
      await page.getByText('Show the numbers').click();
      expect(await axe(page)).toEqual([]);
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
