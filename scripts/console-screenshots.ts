/**
 * `npm run docs:screenshots`: the console's pages in headless Chromium at 1280 px and 375 px, light and
 * dark, over a server seeded with sample leads. With no argument, the README's few pictures (the viewport
 * only, to keep them small) go to docs/screenshots/; `-- DIR` writes every page whole into DIR, to review.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tests/support/chromium.ts';
import { seedLeads } from '../tests/support/console-seed.ts';
import { seedFunnel } from '../tests/support/funnel-seed.ts';
import { webhookReceiver } from '../tests/support/http-fixtures.ts';
import { startTestServer } from '../tests/support/test-server.ts';

const KEY = 'screenshot-admin-key-0123456789';
const out = process.argv[2] ?? 'docs/screenshots';
const all = process.argv[2] !== undefined;
const README = new Set([
  'overview-1280-light',
  'overview-375-dark',
  'overview-empty-1280-light',
  'leads-1280-light',
  'lead-1280-dark',
  'leads-375-dark',
  'sign-in-375-light',
  'form-1280-light',
  'webhook-1280-light',
  'keys-1280-dark',
  'notifications-375-light',
]);
mkdirSync(out, { recursive: true });

const server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY, LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8' });
const browser = await launchChromium();
// A receiver that answers with the lead it made, as CRMs do: the attempt log shows response bodies.
const receiver = await webhookReceiver({ echo: true, headers: { 'content-type': 'application/json' } });
try {
  // An endpoint nobody listens on: the lead page shows failed attempts.
  await server.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'http://127.0.0.1:9/hooks' } });
  const hook = await (
    await server.admin('/v1/admin/webhooks', {
      method: 'POST',
      body: {
        url: `${receiver.url}/leadgate`,
        description: 'Sales CRM',
        events: ['lead.created', 'lead.erased'],
      },
    })
  ).json();
  await server.admin('/v1/admin/keys', { method: 'POST', body: { name: 'CI deploys' } });
  await server.admin('/v1/admin/keys', { method: 'POST', body: { name: 'Zapier' } });
  const ids = await seedLeads(server);
  seedFunnel(server); // thirty days of views, starts, steps and refusals, for the Overview
  const grace = ids[ids.length - 1] as string;
  await server.admin(`/v1/admin/leads/${grace}/consents/marketing/withdraw`, {
    method: 'POST',
    body: { source: 'email', note: 'Asked by reply to the newsletter to stop sending it.' },
  });
  await new Promise((r) => setTimeout(r, 1500)); // the first delivery attempts, for the lead page
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 375]) {
      const context = await browser.newContext({
        viewport: { width, height: width === 375 ? 812 : 860 },
        colorScheme: scheme,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const shot = async (name: string, fullPage = false) => {
        const id = `${name}-${width}-${scheme}`;
        if (all || README.has(id))
          await page.screenshot({ path: join(out, `console-${id}.png`), fullPage: all && fullPage });
      };
      await page.goto(`${server.url}/admin`);
      await page.getByLabel('Admin key').waitFor();
      await shot('sign-in');
      await page.getByLabel('Admin key').fill(KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('img', { name: /Daily views/ }).waitFor();
      await shot('overview', true);
      // Days with nothing counted: what a fresh install shows.
      await page.goto(`${server.url}/admin/overview?from=2020-01-01&to=2020-01-31`);
      await page.getByText('No views in these days yet').waitFor();
      await shot('overview-empty');
      await page.goto(`${server.url}/admin/leads`);
      await page.getByRole('table').waitFor();
      await shot('leads', true);
      await page.goto(`${server.url}/admin/leads?q=nobody`);
      await page.getByText('No leads match').waitFor();
      await shot('leads-empty');
      await page.goto(`${server.url}/admin/leads/${grace}`);
      await page.getByText('Consent proof').waitFor();
      await shot('lead', true);
      await page.goto(`${server.url}/admin/leads/${ids[1]}`);
      await page.getByText('Consent proof').waitFor();
      await shot('lead-long', true);
      await page.getByRole('button', { name: 'Erase lead…' }).click();
      await page.getByRole('dialog').waitFor();
      await shot('erase');
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/admin/forms`);
      await page.getByRole('table').waitFor();
      await shot('forms', true);
      await page.goto(`${server.url}/admin/forms/demo-ebook`);
      await page.locator('.form-preview leadgate-form').getByRole('heading').first().waitFor();
      await shot('form', true);
      for (const tab of ['embed', 'origins', 'versions']) {
        await page.goto(`${server.url}/admin/forms/demo-ebook?tab=${tab}`);
        await page.locator('.card h2').first().waitFor();
        await shot(`form-${tab}`, true);
      }
      await page.goto(`${server.url}/admin/forms/new`);
      await page.locator('.form-preview leadgate-form').getByRole('heading').first().waitFor();
      await shot('form-new', true);
      await page.goto(`${server.url}/admin/webhooks`);
      await page.getByRole('table').waitFor();
      await shot('webhooks', true);
      await page.goto(`${server.url}/admin/webhooks/${hook.id}`);
      await page.getByText('HTTP 200').first().waitFor();
      await shot('webhook', true);
      await page.getByRole('button', { name: 'Reveal secret' }).click();
      await page.getByRole('button', { name: 'Copy secret' }).waitFor();
      await page.getByRole('button', { name: 'Rotate secret…' }).click();
      await page.getByRole('dialog').waitFor();
      await shot('rotate');
      await page.goto(`${server.url}/admin/notifications`);
      await page.getByText('Email is off').waitFor();
      await shot('notifications', true);
      await page.goto(`${server.url}/admin/keys`);
      await page.getByRole('table').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Laptop');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByText('Copy the key').waitFor();
      await shot('keys', true);
      // The next pass makes its own.
      for (const k of (await (await server.admin('/v1/admin/keys')).json()).data)
        if (k.name === 'Laptop') await server.admin(`/v1/admin/keys/${k.id}`, { method: 'DELETE' });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await receiver.close();
}
