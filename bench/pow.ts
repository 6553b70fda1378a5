/**
 * `npm run bench:pow`: what the proof of work costs a visitor's browser. The widget's own solver
 * (widget/proof.ts, bundled as the widget bundles it, its fill-time wait cut out) solves fresh challenges
 * from a running server in headless Chromium, at full speed and at 4× CPU slowdown (Lighthouse's
 * mid-tier phone). A benchmark, not a test: it prints figures and asserts nothing.
 *
 *   SAMPLES=40 npm run bench:pow
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { POW_MAX_NUMBER } from '../server/abuse/proof-of-work.ts';
import { loadConfig } from '../server/config.ts';
import { silentLogger } from '../server/log/logger.ts';
import { startServer } from '../server/serve.ts';
import { launchChromium } from '../tests/support/chromium.ts';

const SAMPLES = Number(process.env.SAMPLES ?? 40);

const solver = buildSync({
  entryPoints: [new URL('../widget/proof.ts', import.meta.url).pathname],
  bundle: true,
  format: 'iife',
  globalName: 'LeadgateProof',
  write: false,
}).outputFiles[0]?.text as string;

const dir = mkdtempSync(join(tmpdir(), 'leadgate-bench-pow-'));
const server = await startServer(loadConfig({ LEADGATE_PORT: '0', LEADGATE_DB: join(dir, 'db.sqlite') }), {
  print: () => {},
  logger: silentLogger,
});
const browser = await launchChromium();

try {
  for (const slowdown of [1, 4]) {
    const page = await browser.newPage();
    // A blank page on the server's origin: a secure context (localhost), where Web Crypto is available,
    // and without the demo pages' CSP, which (rightly) refuses an injected script.
    await page.route(`${server.url}/bench`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html>' }),
    );
    await page.goto(`${server.url}/bench`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    await page.addScriptTag({ content: solver });
    const times = await page.evaluate(async (samples) => {
      // The fill-time wait is not work: let it pass at once.
      window.setTimeout = ((run: () => void) => run()) as unknown as typeof setTimeout;
      const { solve } = (window as unknown as { LeadgateProof: typeof import('../widget/proof.ts') })
        .LeadgateProof;
      const out: number[] = [];
      for (let i = 0; i < samples; i++) {
        const { challenge } = await (await fetch('/v1/forms/demo-ebook')).json();
        const start = performance.now();
        const proof = await solve(challenge);
        if (proof?.number === undefined) throw new Error('unsolved');
        out.push(performance.now() - start);
      }
      return out;
    }, SAMPLES);
    times.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] as number);
    const mean = Math.round(times.reduce((s, x) => s + x, 0) / times.length);
    console.log(
      `${slowdown}× CPU: ${SAMPLES} challenges (max number ${POW_MAX_NUMBER}): mean ${mean} ms, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
