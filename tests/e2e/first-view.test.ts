/**
 * What stands between a visitor and the form's first view (`npm run bench:widget` times it): the script opens
 * with V8's compile hint, and looking for submissions owed (the first read of localStorage, slow) waits.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { type Fixture, hostSite } from '../support/http-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
let server: TestServer;
let browser: Browser;
let site: Fixture;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  site = await hostSite(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guide</title></head><body>
<script src="${server.url}/widget.js?form=demo-ebook" data-leadgate-form="demo-ebook" async></script></body></html>`,
  );
});
afterAll(async () => {
  await site?.close();
  await browser?.close();
  await server?.close();
});

describe('the first view of a form', () => {
  it('comes from a script that opens with the compile hint, with or without ?form=', async () => {
    for (const path of ['/widget.js', '/widget.js?form=demo-ebook']) {
      const script = await (await fetch(server.url + path)).text();
      expect(script.startsWith(COMPILE_HINT)).toBe(true);
    }
    const preloaded = await (await fetch(`${server.url}/widget.js?form=demo-ebook`)).text();
    expect(preloaded.slice(COMPILE_HINT.length)).toMatch(/^\(\(\)=>\{const f0=/);
  });

  it('shows before the widget opens localStorage for submissions a previous page left unsent', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Each read of localStorage, with whether the form's first field was in place by then.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const store = window.localStorage;
      Object.defineProperty(window, 'localStorage', {
        get: () => {
          const field = document.querySelector('leadgate-form')?.shadowRoot?.querySelector('input');
          seen.push(field ? 'shown' : 'not shown');
          return store;
        },
      });
    });
    await page.goto(site.url);
    await page.getByLabel('Work email').waitFor();
    await expect
      .poll(() => page.evaluate(() => [...new Set((window as unknown as { seen: string[] }).seen)]))
      .toEqual(['shown']);
    await context.close();
  });
});
