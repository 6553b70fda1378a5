/**
 * The console's Forms pages in Chromium against the real server: the list and its warning, editing a
 * definition beside the live widget (the preview follows, a problem shows at its path, saving makes a
 * version that the versions tab lists and diffs), a new form from the template whose preview sends
 * nothing, copying a snippet, allowed origins (added by hand and in one click from a refusal), archive and
 * restore; the keyboard, and axe on every part, light and dark.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const KEY = 'console-forms-e2e-admin-key-0123';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY });
  browser = await launchChromium();
  const { definition } = await (await server.admin('/v1/admin/forms/demo-ebook')).json();
  // A form no other site may send: the list warns about it.
  await server.admin('/v1/admin/forms', {
    method: 'POST',
    body: { ...definition, id: 'webinar', title: 'Webinar sign-up', allowedOrigins: [] },
  });
});
// A failed test leaves its context open: close it, so the next test does not share the machine with it.
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A signed-in page that records CSP violations, page errors and every request it makes. */
async function signedIn(
  context: BrowserContext,
  path: string,
): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|CSP violation/.test(m.text())) problems.push(m.text());
  });
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${server.url}/admin${path}`);
  await page.getByLabel('Admin key').fill(KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { page, problems, requests };
}

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: { id: string; nodes: { target: string[]; failureSummary: string }[] }) =>
        `${v.id}: ${v.nodes.map((n) => `${n.target.join(' > ')} (${n.failureSummary})`).join('; ')}`,
    );
  });
}

type Def = { steps: { fields: Record<string, unknown>[] }[] } & Record<string, unknown>;
/** The first step's field at `index` of a definition in the editor. */
const fieldOf = (def: Def, index: number) => def.steps[0]?.fields[index] ?? {};

/** The definition in the editor, changed by `change`, typed back. */
async function editDefinition(page: Page, change: (def: Def) => void) {
  const editor = page.getByLabel('Definition (JSON)');
  const def = JSON.parse(await editor.inputValue());
  change(def);
  await editor.fill(JSON.stringify(def, null, 2));
}

describe('the console: forms', () => {
  it('edits a form beside its live preview, shows problems at their path, saves a version and diffs it', async () => {
    const context = await browser.newContext();
    const { page, problems } = await signedIn(context, '/forms');
    await page.getByRole('heading', { level: 1, name: 'Forms' }).waitFor();
    // The list: both forms, and the warning that names the one no site may send.
    const warning = page.getByRole('note').filter({ hasText: 'refuses every other site' });
    // The list arrives after the heading: wait for it before counting.
    await warning.getByRole('link', { name: 'webinar' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => rows.filter({ hasText: 'webinar' }).getByText('No site allowed').count()).toBe(1);

    await page.getByRole('link', { name: 'Your guide to reducing home energy costs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your guide to reducing home energy costs' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // The real widget, in its shadow root, showing the stored definition.
    const preview = page.locator('.form-preview leadgate-form');
    await preview.getByRole('heading', { name: 'Your guide to reducing home energy costs' }).waitFor();
    await page.getByText('The definition is valid.').waitFor();

    // A new title: the preview follows.
    await editDefinition(page, (def) => {
      def.title = { en: 'Cut your energy bill in half', de: 'Halbieren Sie Ihre Energiekosten' };
    });
    await preview.getByRole('heading', { name: 'Cut your energy bill in half' }).waitFor();
    // The other language, chosen for the preview.
    await page.getByLabel('Language').selectOption('de');
    await preview.getByRole('heading', { name: 'Halbieren Sie Ihre Energiekosten' }).waitFor();
    await page.getByLabel('Language').selectOption('en');

    // A key the schema refuses: the problem at its path; the preview keeps the last valid form.
    await editDefinition(page, (def) => {
      fieldOf(def, 1).key = 'Full Name';
    });
    const issue = page.getByRole('button', { name: /steps\.0\.fields\.1\.key/ });
    await issue.waitFor();
    expect(await issue.textContent()).toMatch(/^Line \d+ · steps\.0\.fields\.1\.key/);
    await expect(page.getByRole('button', { name: 'Save as a new version' }).isDisabled()).resolves.toBe(
      true,
    );
    await expect(
      preview.getByRole('heading', { name: 'Cut your energy bill in half' }).count(),
    ).resolves.toBe(1);
    // Choosing the problem selects it in the text.
    await issue.click();
    const selected = await page.evaluate(() => {
      const area = document.activeElement as HTMLTextAreaElement;
      return { id: area.id, text: area.value.slice(area.selectionStart, area.selectionEnd) };
    });
    expect(selected).toEqual({ id: 'definition', text: '"Full Name"' });
    // Broken JSON says where.
    await page.getByLabel('Definition (JSON)').press('End');
    await page.getByLabel('Definition (JSON)').pressSequentially(',,');
    await page.getByText(/Not valid JSON/).waitFor();
    // Fix it: the title change alone, and save.
    const stored = (await (await server.admin('/v1/admin/forms/demo-ebook')).json()).definition;
    await page
      .getByLabel('Definition (JSON)')
      .fill(
        JSON.stringify(
          { ...stored, title: { en: 'Cut your energy bill in half', de: 'Halbieren' } },
          null,
          2,
        ),
      );
    await page.getByText('The definition is valid.').waitFor();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Cut your energy bill in half' }).waitFor();
    expect((await (await server.admin('/v1/admin/forms/demo-ebook')).json()).version).toBe(2);

    // A pattern the server refuses (catastrophic backtracking): its message comes back at its path.
    await editDefinition(page, (def) => {
      fieldOf(def, 1).pattern = '^(a|aa)+$';
    });
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await page.getByRole('button', { name: /steps\.0\.fields\.1\.pattern/ }).waitFor();
    await page.getByRole('button', { name: 'Discard changes' }).click();

    // Versions: both listed, and the diff shows the title's change.
    await page.getByRole('link', { name: 'Versions' }).click();
    await page.getByText('Version 2').first().waitFor();
    await expect.poll(() => page.locator('.version-item').count()).toBe(2);
    const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
    await diff.waitFor();
    const removed = (await diff.locator('del').allTextContents()).join('');
    const added = (await diff.locator('ins').allTextContents()).join('');
    expect(removed).toContain('removed: -     "en": "Your guide to reducing home energy costs",');
    expect(added).toContain('added: +     "en": "Cut your energy bill in half",');
    // Edit from version 1: the editor holds it, and saving makes it current (version 3).
    await page.getByRole('button', { name: 'Edit from version 1' }).click();
    await page.getByText('The editor holds version 1.').waitFor();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText('Saved as version 3.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Your guide to reducing home energy costs' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('creates a form from the template; its preview sends nothing', async () => {
    const context = await browser.newContext();
    const { page, problems, requests } = await signedIn(context, '/forms/new');
    await page.getByRole('heading', { level: 1, name: 'New form' }).waitFor();
    const preview = page.locator('.form-preview leadgate-form');
    await preview.getByRole('heading', { name: 'Contact us' }).waitFor();
    // Filled and sent in the preview: nothing reaches the server.
    await preview.getByLabel('Name').fill('Preview Person');
    await preview.getByLabel('Email').fill('preview@example.com');
    await preview.getByLabel('Message').fill('Only a preview.');
    await preview.getByRole('checkbox').check();
    await preview.getByRole('button', { name: 'Send' }).click();
    await preview.getByText('Preview: nothing was sent.').waitFor();
    expect(requests.filter((r) => r.includes('/v1/forms/'))).toEqual([]);
    expect((await (await server.admin('/v1/admin/leads?q=preview@example.com')).json()).data).toEqual([]);

    // A copy of another form is another start.
    await page.getByLabel('Start from').selectOption('copy:webinar');
    await preview.getByRole('heading', { name: 'Webinar sign-up' }).waitFor();
    await page.getByLabel('Start from').selectOption('contact');
    // The editor takes the template after the select's change: edit what it then holds.
    await preview.getByRole('heading', { name: 'Contact us' }).waitFor();
    await expect
      .poll(async () => JSON.parse(await page.getByLabel('Definition (JSON)').inputValue()).id)
      .toBe('contact');
    await editDefinition(page, (def) => {
      def.id = 'contact-sales';
      def.title = 'Talk to sales';
    });
    await page.getByRole('button', { name: 'Create form' }).click();
    await page.getByRole('heading', { level: 1, name: 'Talk to sales' }).waitFor();
    await page.getByText('The form contact-sales is created, as version 1.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/forms/contact-sales');
    // Its origins are empty: the page says so.
    await page.getByRole('note').filter({ hasText: 'No site may send this form.' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('copies a snippet to the clipboard', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const { page, problems } = await signedIn(context, '/forms/demo-ebook?tab=embed');
    await page.getByRole('heading', { name: 'Embed' }).waitFor();
    await page.getByRole('button', { name: 'Copy the inline snippet' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(
      `<script src="${server.url}/widget.js?form=demo-ebook" data-leadgate-form="demo-ebook"></script>`,
    );
    await page.getByRole('button', { name: 'Copy the slide-in on scroll snippet' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toContain('data-mode="slide-in" data-trigger="scroll:50"');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('edits allowed origins as a list, allows a refused one in a click, archives and restores', async () => {
    // A page elsewhere tried the form: refused, and remembered.
    const refused = await fetch(`${server.url}/v1/forms/webinar/events`, {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=view&step=0&version=1&referrer=',
    });
    expect(refused.status).toBe(403);

    const context = await browser.newContext();
    const { page, problems } = await signedIn(context, '/forms/webinar?tab=origins');
    await page.getByRole('heading', { name: 'Allowed origins', level: 2 }).waitFor();
    await page.getByRole('note').filter({ hasText: 'No site may send this form.' }).waitFor();

    // By keyboard: a path is cut to its origin; something else is refused with the schema's words.
    const input = page.getByLabel('Add an origin');
    await input.fill('not a site');
    await input.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Use an origin like https://example.com' }).waitFor();
    await input.fill('https://www.example.com/landing?x=1');
    await input.press('Enter');
    await page.getByText('https://www.example.com is allowed. Saved as version 2.').waitFor();
    const list = page.getByRole('list', { name: 'Allowed origins' });
    await expect(list.getByRole('listitem').allTextContents()).resolves.toEqual([
      'https://www.example.comRemove',
    ]);
    expect(await page.getByRole('note').filter({ hasText: 'No site may send' }).count()).toBe(0);

    // One click allows the refused site.
    await page.getByRole('button', { name: 'Allow https://shop.example' }).click();
    await page.getByText('https://shop.example is allowed. Saved as version 3.').waitFor();
    const stored = (await (await server.admin('/v1/admin/forms/webinar')).json()).definition;
    expect(stored.allowedOrigins).toEqual(['https://www.example.com', 'https://shop.example']);
    await page.getByRole('button', { name: 'Remove https://www.example.com' }).click();
    await page.getByText('https://www.example.com is no longer allowed. Saved as version 4.').waitFor();

    // Archive, after a confirmation; the public form is gone. Restore brings it back.
    await page.getByRole('button', { name: 'Archive…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archive this form?' });
    await dialog.getByRole('button', { name: 'Archive form' }).click();
    await page.getByText('The form is archived').waitFor();
    await page.getByText('Archived', { exact: true }).waitFor();
    expect((await fetch(`${server.url}/v1/forms/webinar`)).status).toBe(410);
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByText('The form is live again, at version 4.').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    expect((await fetch(`${server.url}/v1/forms/webinar`)).status).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the forms pages, ${colorScheme}`, async () => {
      const context = await browser.newContext({ colorScheme });
      const { page, problems } = await signedIn(context, '/forms');
      await page.getByRole('table').waitFor();
      expect(await axe(page)).toEqual([]);
      await page.goto(`${server.url}/admin/forms/demo-ebook`);
      await page.locator('.form-preview leadgate-form').getByRole('heading').first().waitFor();
      expect(await axe(page)).toEqual([]);
      await editDefinition(page, (def) => {
        def.tiers = [];
      });
      await page.getByRole('button', { name: /^Line \d+ · tiers/ }).waitFor();
      expect(await axe(page)).toEqual([]);
      for (const [tab, ready] of [
        ['embed', 'Embed'],
        ['origins', 'Allowed origins'],
        ['versions', 'Versions'],
      ] as const) {
        await page.goto(`${server.url}/admin/forms/demo-ebook?tab=${tab}`);
        await page.getByRole('heading', { level: 2, name: ready }).waitFor();
        if (tab === 'versions') await page.getByRole('region', { name: /Changes from/ }).waitFor();
        expect(await axe(page)).toEqual([]);
      }
      await page.getByRole('button', { name: 'Archive…' }).click();
      await page.getByRole('dialog').waitFor();
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/admin/forms/new`);
      await page.locator('.form-preview leadgate-form').getByRole('heading').first().waitFor();
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
