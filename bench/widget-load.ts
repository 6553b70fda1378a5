/**
 * `npm run bench:widget`: how soon a visitor sees the form. A landing page on its own origin embeds the
 * widget with the plain tag (`widget.js`, then a request for the form) and with `widget.js?form=ID` (the
 * form inside the script); headless Chromium loads each cold, at 4× CPU slowdown on DevTools' Fast 3G
 * (562.5 ms round trips, 180 KB/s down), and times navigation → the first form control on screen.
 * Rounds alternate the two tags; medians are printed. A benchmark, not a test: it asserts nothing.
 *
 *   ROUNDS=5 npm run bench:widget
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { silentLogger } from '../server/log/logger.ts';
import { startServer } from '../server/serve.ts';
import { launchChromium } from '../tests/support/chromium.ts';
import { hostSite } from '../tests/support/http-fixtures.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
// Chrome DevTools' "Fast 3G" preset, as Lighthouse and the issue measured it.
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;

const dir = mkdtempSync(join(tmpdir(), 'leadgate-bench-widget-'));
const server = await startServer(loadConfig({ LEADGATE_PORT: '0', LEADGATE_DB: join(dir, 'db.sqlite') }), {
  print: () => {},
  logger: silentLogger,
});
const page = (src: string) =>
  hostSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guide</title></head>
<body><main><h1>Get the guide</h1><script src="${src}" data-leadgate-form="demo-ebook" async></script></main></body></html>`);
const tags = {
  'widget.js (then the form)': await page(`${server.url}/widget.js`),
  'widget.js?form=demo-ebook': await page(`${server.url}/widget.js?form=demo-ebook`),
};
const browser = await launchChromium();
const times: Record<string, number[]> = Object.fromEntries(Object.keys(tags).map((k) => [k, []]));

try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(tags);
    if (round % 2) order.reverse();
    for (const [name, site] of order) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await tab.goto(site.url, { waitUntil: 'commit' });
      const shown = await tab.waitForFunction(
        () => {
          const input = document.querySelector('leadgate-form')?.shadowRoot?.querySelector('input, select');
          return input && input.getBoundingClientRect().height > 0 ? performance.now() : undefined;
        },
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      times[name]?.push(Math.round((await shown.jsonValue()) as number));
      await context.close();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  for (const [name, xs] of Object.entries(times)) {
    console.log(
      `${name}: first form control after ${median(xs)} ms (median of ${xs.length}: ${xs.join(', ')})`,
    );
  }
  const [plain, preloaded] = Object.values(times).map(median) as [number, number];
  console.log(
    `4× CPU, Fast 3G, cold cache: ${plain - preloaded} ms sooner with ?form= (${(preloaded / plain).toFixed(2)}×)`,
  );
} finally {
  await browser.close();
  for (const site of Object.values(tags)) await site.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
