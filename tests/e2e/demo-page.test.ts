/** The server's own demo page under the server's own CSP: the widget renders and submits with no violation. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { fillDemoForm } from '../support/demo-form.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('GET /demo', () => {
  it('renders and submits the widget under its Content-Security-Policy with zero violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // Chromium reports a blocked resource as "Refused to …" on the console, and fires the event below.
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to|CSP violation/.test(m.text())) problems.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const res = await page.goto(`${server.url}/demo`);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    // The page's own inline stylesheet applies (allowed by its hash).
    expect(await page.evaluate(() => getComputedStyle(document.body).marginTop)).toBe('0px');

    await fillDemoForm(page, 'csp-demo@example.com');
    await page.getByRole('button', { name: 'Get the guide' }).click();
    await page.getByText('Thanks for your interest').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
