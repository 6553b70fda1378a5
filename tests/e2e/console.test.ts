/**
 * The console in Chromium against the real server: sign in (a wrong key refused), find a lead that came
 * through the widget by its email, read its consent proof, erase it after a confirmation, sign out; the
 * cookie's attributes, the CSRF refusal, the page's CSP, the keyboard, and axe on every page, light and dark.
 */
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { axe, openPage } from '../support/console-browser.ts';
import { seedLeads } from '../support/console-seed.ts';
import { fillDemoForm } from '../support/demo-form.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const KEY = 'console-e2e-admin-key-0123456789';
const VISITOR = 'console-visitor@example.com';

let server: TestServer;
let browser: Browser;
let seeded: string[];

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY });
  browser = await launchChromium();
  seeded = await seedLeads(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Signs in on the sign-in form, which then shows the page of the address: `heading` is its title. */
async function signIn(page: Page, heading = 'Leads') {
  await page.getByLabel('Admin key').fill(KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('the console', () => {
  it('signs in, finds a lead from the widget, shows its consent proof, erases it and signs out', async () => {
    // A real visitor, through the widget on the demo page.
    const visitor = await browser.newContext();
    const demo = await visitor.newPage();
    await demo.goto(`${server.url}/demo`);
    await fillDemoForm(demo, VISITOR);
    await demo.getByRole('button', { name: 'Get the guide' }).click();
    await demo.getByText('Thanks for your interest').waitFor();
    await visitor.close();

    const context = await browser.newContext();
    const { page, problems } = await openPage(context);
    const res = await page.goto(`${server.url}/admin`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');

    // Keyboard only: the key field has focus; a wrong key is refused and said so.
    await page.getByLabel('Admin key').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('admin-key');
    await page.keyboard.type('lg_admin_not-the-key');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not accepted');
    expect(await context.cookies()).toEqual([]);
    await page.getByLabel('Admin key').fill(KEY);
    await page.keyboard.press('Enter');
    // The console opens on the Overview; the leads are one link away.
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();

    const [cookie, ...others] = await context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({
      name: 'lg_session',
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: false,
    });

    // Find the visitor's lead by email.
    await page.getByLabel('Email or name').fill(VISITOR);
    await page.getByLabel('Email or name').press('Enter');
    await page.waitForURL(/\/admin\/leads\?q=/);
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('link', { name: VISITOR }).click();
    await page.getByRole('heading', { level: 1, name: VISITOR }).waitFor();
    // Focus moved to the new page's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // Its consent proof: the exact text shown, and the SHA-256 of exactly that text.
    const proof = page.getByRole('region', { name: 'Consent proof' });
    const privacy = proof.getByRole('article', { name: 'Privacy' });
    const shown = (await privacy.locator('blockquote').textContent()) ?? '';
    expect(shown).toMatch(/^I agree that my answers are stored/);
    const hash = await privacy.locator('code.hash').textContent();
    expect(hash).toBe(createHash('sha256').update(shown).digest('hex'));
    await expect.poll(() => privacy.getByText('Granted', { exact: true }).count()).toBe(1);
    // Answers under the form's labels, option labels for values.
    const answers = page.getByRole('region', { name: 'Answers' });
    await expect.poll(() => answers.getByText('What best describes you?').count()).toBe(1);
    await expect.poll(() => answers.getByText('Homeowner').count()).toBe(1);

    // Erase: the dialog opens on Cancel; Esc keeps the lead; the second time, it goes.
    const leadId = new URL(page.url()).pathname.split('/').at(-1) as string;
    await page.getByRole('button', { name: 'Erase lead…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this lead?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await server.admin(`/v1/admin/leads/${leadId}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Erase lead…' }).click();
    await dialog.getByRole('button', { name: 'Erase lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByText(`The lead ${VISITOR} was erased.`).waitFor();
    expect((await server.admin(`/v1/admin/leads/${leadId}`)).status).toBe(404);

    // A cookie-authenticated change without the CSRF token is refused, from the page itself.
    const refused = await page.evaluate(async (id) => {
      const r = await fetch(`/v1/admin/leads/${id}`, { method: 'DELETE' });
      return { status: r.status, code: (await r.json()).error.code };
    }, seeded[0]);
    expect(refused).toEqual({ status: 403, code: 'csrf_failed' });
    expect((await server.admin(`/v1/admin/leads/${seeded[0]}`)).status).toBe(200);

    // Sign out: back to the sign-in form, and the cookie opens nothing any more.
    const stale = `${cookie?.name}=${cookie?.value}`;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await context.cookies()).toEqual([]);
    const after = await fetch(`${server.url}/v1/admin/leads`, { headers: { cookie: stale } });
    expect(after.status).toBe(401);

    expect(problems).toEqual([]);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on any page, ${colorScheme}`, async () => {
      const context = await browser.newContext({ colorScheme });
      const { page, problems } = await openPage(context);
      await page.goto(`${server.url}/admin`);
      await page.getByLabel('Admin key').waitFor();
      expect(await axe(page)).toEqual([]);
      await signIn(page, 'Overview');
      await page.goto(`${server.url}/admin/leads`);
      await page.getByRole('table').waitFor();
      expect(await axe(page)).toEqual([]);
      await page.goto(`${server.url}/admin/leads?q=nobody-at-all`);
      await page.getByText('No leads match these filters').waitFor();
      expect(await axe(page)).toEqual([]);
      await page.goto(`${server.url}/admin/leads/${seeded.at(-1)}`);
      await page.getByRole('region', { name: 'Consent proof' }).waitFor();
      expect(await axe(page)).toEqual([]);
      await page.getByRole('button', { name: 'Erase lead…' }).click();
      await page.getByRole('dialog').waitFor();
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/admin/nowhere`);
      await page.getByRole('heading', { name: 'There is no page here' }).waitFor();
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('filters by tier and consent from the URL, and exports what it shows', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context);
    await page.goto(`${server.url}/admin/leads`);
    await signIn(page);
    await page.getByLabel('Tier').selectOption('disqualified');
    await page.waitForURL(/tier=disqualified/);
    await page.getByRole('link', { name: 'renter@example.com' }).waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    const csv = await page.evaluate(async () => {
      const href =
        [...document.querySelectorAll('a')].find((a) => a.textContent === 'Export CSV')?.href ?? '';
      return (await fetch(href)).text();
    });
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain('renter@example.com');
    await page.goto(`${server.url}/admin/leads?consent=marketing:granted`);
    await page.getByRole('link', { name: 'grace.hopper@navy.example' }).waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(3);
    await context.close();
  });
});
