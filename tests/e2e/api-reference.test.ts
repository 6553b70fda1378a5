/**
 * The API reference at /docs in Chromium, with JavaScript off: it reads without a script, under the
 * server's CSP with no violation, fits a 375 px phone with no sideways scroll, and passes axe in light
 * and dark. `LEADGATE_SCREENSHOTS=dir` also writes its pictures there (1280 and 375 px, light and dark).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { axe, openPage, signInWith } from '../support/console-browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let browser: Browser;
const KEY = 'reference-test-admin-key';

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shots = process.env.LEADGATE_SCREENSHOTS;

describe('GET /docs in a browser', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 375]) {
      it(`reads without JavaScript at ${width} px, ${colorScheme}: no CSP violation, no sideways scroll, no axe violation`, async () => {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          colorScheme,
          javaScriptEnabled: false,
        });
        try {
          const { page, problems } = await openPage(context);
          const res = await page.goto(`${server.url}/docs`);
          expect(res?.status()).toBe(200);
          // The inline stylesheet applied (allowed by its hash): the header has its surface colour.
          expect(await page.locator('.top').evaluate((e) => getComputedStyle(e).borderBottomStyle)).toBe(
            'solid',
          );
          await expect(
            page.getByRole('heading', { name: 'Leadgate API', level: 1 }).isVisible(),
          ).resolves.toBe(true);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow).toBeLessThanOrEqual(0);
          if (shots) {
            await page.screenshot({ path: join(shots, `docs-${width}-${colorScheme}.png`) });
            await page.locator('#postV1FormsFormIdSubmissions').scrollIntoViewIfNeeded();
            await page
              .locator('#postV1FormsFormIdSubmissions details')
              .first()
              .evaluate((d) => {
                (d as HTMLDetailsElement).open = true;
              });
            await page.screenshot({ path: join(shots, `docs-${width}-${colorScheme}-operation.png`) });
            await page.locator('#event-lead-created').scrollIntoViewIfNeeded();
            await page.screenshot({ path: join(shots, `docs-${width}-${colorScheme}-webhook.png`) });
          }
          expect(problems).toEqual([]);
          // axe runs a script of its own: in a context that allows one, on the same page.
          const withScript = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
          try {
            const { page: checked } = await openPage(withScript);
            await checked.goto(`${server.url}/docs`);
            expect(await axe(checked)).toEqual([]);
          } finally {
            await withScript.close();
          }
        } finally {
          await context.close();
        }
      });
    }
  }

  it("is linked from the console's header", async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context);
      await page.goto(`${server.url}/admin`);
      await signInWith(page, KEY);
      if (shots) {
        for (const width of [1280, 375]) {
          await page.setViewportSize({ width, height: 400 });
          await page.screenshot({ path: join(shots, `console-header-${width}.png`) });
        }
      }
      await page.getByRole('link', { name: 'API docs' }).click();
      await page.waitForURL(`${server.url}/docs`);
      await expect(page.getByRole('heading', { name: 'Leadgate API', level: 1 }).isVisible()).resolves.toBe(
        true,
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
