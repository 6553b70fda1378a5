/**
 * With the bot gates off (`LEADGATE_ABUSE_CHECKS=off`, a load-test setup), a form preloaded in its script
 * has no challenge to fetch (204) and the widget sends its lead without a proof, as the server then expects.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { fillDemoForm } from '../support/demo-form.ts';
import { hostSite } from '../support/http-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({
    LEADGATE_ABUSE_CHECKS: 'off',
    LEADGATE_ADMIN_KEY: 'gates-off-admin-key-000',
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the widget with the bot gates off', () => {
  it('sends a preloaded form’s lead without a proof, and it is stored', async () => {
    const site =
      await hostSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guide</title></head>
<body><script src="${server.url}/widget.js?form=demo-ebook" data-leadgate-form="demo-ebook"></script></body></html>`);
    const page = await browser.newPage();
    try {
      await page.goto(site.url);
      await fillDemoForm(page, 'gates-off@example.com');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/submissions')),
        page.getByRole('button', { name: 'Get the guide' }).click(),
      ]);
      expect(response.status()).toBe(201);
      expect(response.request().postDataJSON()).not.toHaveProperty('proof');
      const { id } = await response.json();
      expect((await server.admin(`/v1/admin/leads/${id}`)).status).toBe(200);
    } finally {
      await page.close();
      await site.close();
    }
  });
});
