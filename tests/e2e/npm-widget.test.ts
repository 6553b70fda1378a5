/** `import { mount } from 'leadgate/widget'`: the example app is bundled by Vite as a user would, then run. */
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // The app as a user has it: its own folder, with leadgate installed in node_modules.
  cpSync(join(ROOT, 'examples/bundled-app'), join(server.dir, 'app'), { recursive: true });
  mkdirSync(join(server.dir, 'app/node_modules'));
  symlinkSync(ROOT, join(server.dir, 'app/node_modules/leadgate'), 'dir');
  await build({
    root: join(server.dir, 'app'),
    logLevel: 'silent',
    build: { outDir: join(server.dir, 'out') },
  });
});
afterAll(async () => {
  await server?.close();
});

describe('leadgate/widget from npm', () => {
  it('mounts an inline form and a popup in a bundled app', async () => {
    const out = join(server.dir, 'out');
    const site = createServer((req, res) => {
      const path = req.url === '/' ? '/index.html' : (req.url ?? '');
      try {
        let body = readFileSync(join(out, path), 'utf8');
        if (path === '/index.html') body = body.replace('http://127.0.0.1:8787', server.url);
        res
          .writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' })
          .end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await page.locator('#signup').getByLabel('Work email').waitFor();
      await page.getByRole('button', { name: 'Get the energy guide' }).click();
      await page.getByRole('dialog').getByLabel('Work email').waitFor();
      expect(await page.evaluate(() => document.querySelectorAll('leadgate-form').length)).toBe(3);
    } finally {
      await browser.close();
      site.closeAllConnections();
      site.close();
    }
  });
});
