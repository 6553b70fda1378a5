/**
 * The console's Webhooks, Notifications and Admin keys pages in Chromium against the real server and a
 * real receiver: add an endpoint, send a test and see its attempt, reveal and rotate the secret, redeliver;
 * create a named key, sign in with it elsewhere, revoke it and see that session end; the SMTP reason when
 * email is off; axe on every page, light and dark; nothing wider than a phone.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { axe, openPage, overflowsSideways, signInWith } from '../support/console-browser.ts';
import { eventually, webhookReceiver } from '../support/http-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const KEY = 'console-hooks-e2e-admin-key-0123456789';

let server: TestServer;
let browser: Browser;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  server = await startTestServer({ LEADGATE_ADMIN_KEY: KEY, LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8' });
  receiver = await webhookReceiver({ echo: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

describe('the console’s webhooks, notifications and keys', () => {
  it('adds an endpoint, sends a test, shows the attempt, rotates the secret and redelivers', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context);
    await page.goto(`${server.url}/admin`);
    await signInWith(page, KEY);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook endpoints yet').waitFor();

    // The form opens with focus in its first field; a bad URL is refused at its path.
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-endpoint-url');
    const url = `${receiver.url}/hooks`;
    await page.keyboard.type(url);
    await page.getByLabel('Description').fill('E2E receiver');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const heading = page.getByRole('heading', { level: 1, name: url });
    await heading.waitFor();
    const endpointId = new URL(page.url()).pathname.split('/').at(-1) as string;
    expect(endpointId).toMatch(/^ep_/);

    // A test event: it reaches the receiver and its attempt, with the response body, is in the log.
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(/A webhook\.test event is on its way/).waitFor();
    const log = page.getByRole('region', { name: 'Attempt log' });
    await log.getByText('HTTP 200').waitFor();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['webhook.test']);
    await log.getByText('Response body').click();
    await expect(log.locator('pre').textContent()).resolves.toContain('webhook.test');
    await page.getByRole('region', { name: 'Health' }).getByText('Healthy').waitFor({ timeout: 10_000 });

    // The secret: hidden until revealed, then the server's own; rotated after a confirmation.
    const secret = page.getByRole('region', { name: 'Signing secret' });
    await secret.getByRole('button', { name: 'Reveal secret' }).click();
    const shown = await secret.locator('#secret-value').textContent();
    const stored = (await (await server.admin(`/v1/admin/webhooks/${endpointId}/secret`)).json()).secret;
    expect(shown).toBe(stored);
    await secret.getByRole('button', { name: 'Rotate secret…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await expect(dialog.textContent()).resolves.toContain('24 hours');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await secret.getByText(/The old one keeps signing alongside it until/).waitFor();
    const rotated = await secret.locator('#secret-value').textContent();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(shown);
    expect((await (await server.admin(`/v1/admin/webhooks/${endpointId}/secret`)).json()).secret).toBe(
      rotated,
    );

    // Redeliver the test message: the receiver gets it again, with the same webhook-id.
    const messages = page.getByRole('region', { name: 'Messages', exact: true });
    const messageId = receiver.received[0]?.headers['webhook-id'] as string;
    await messages.getByRole('button', { name: `Redeliver ${messageId}` }).click();
    await messages.getByText(`${messageId} is queued to be sent again now.`).waitFor();
    await eventually(() => receiver.received.length === 2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(messageId);
    // Signed with both secrets during the rotation's grace.
    expect(String(receiver.received[1]?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    await messages.getByRole('button', { name: `Attempts of ${messageId}` }).click();
    await expect
      .poll(() =>
        messages
          .getByRole('region', { name: `Attempts of ${messageId}`, exact: true })
          .getByText('HTTP 200')
          .count(),
      )
      .toBe(2);

    // Edit and disable.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('Renamed receiver');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect(await (await server.admin(`/v1/admin/webhooks/${endpointId}`)).json()).toMatchObject({
      description: 'Renamed receiver',
      enabled: false,
    });
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();

    // Listed with its health.
    await page.getByRole('link', { name: '← Webhooks' }).click();
    const row = page.getByRole('row', { name: new RegExp(url.replace(/[.]/g, '\\.')) });
    await row.getByText('Healthy').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('creates a named key, shows it once, and revoking it ends the session opened with it', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const { page, problems } = await openPage(context);
    await page.goto(`${server.url}/admin`);
    await signInWith(page, KEY);
    await page.goto(`${server.url}/admin/keys`);
    const table = page.getByRole('table', { name: 'Admin keys' });
    await table.getByText('From the environment').waitFor();
    await expect(table.getByRole('button', { name: /Revoke/ }).count()).resolves.toBe(0);

    await page.getByLabel('Name', { exact: true }).fill('E2E laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: 'Copy the key “E2E laptop” now' }).waitFor();
    const key = (await page.locator('#new-key-value').textContent()) ?? '';
    expect(key).toMatch(/^lg_admin_/);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await table.getByText('E2E laptop').waitFor();

    // Another browser signs in with the new key; its use shows.
    const other = await browser.newContext();
    const { page: elsewhere } = await openPage(other);
    await elsewhere.goto(`${server.url}/admin`);
    await signInWith(elsewhere, key);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    const row = page.getByRole('row', { name: /E2E laptop/ });
    await expect(row.getByText('Never').count()).resolves.toBe(0);

    // Revoke it: the other browser's session ends, and the key opens nothing.
    await row.getByRole('button', { name: 'Revoke E2E laptop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke “E2E laptop”?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('The key “E2E laptop” was revoked').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /E2E laptop/ }).count()).toBe(0);
    await elsewhere.getByRole('link', { name: 'Webhooks' }).click();
    await elsewhere.getByLabel('Admin key').waitFor();
    expect(
      (await fetch(`${server.url}/v1/admin/forms`, { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(401);
    expect(problems).toEqual([]);
    await other.close();
    await context.close();
  }, 60_000);

  it('says why email is off without SMTP, and offers nothing that would fail', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context);
    await page.goto(`${server.url}/admin`);
    await signInWith(page, KEY);
    await page.goto(`${server.url}/admin/notifications`);
    await page.getByText('Email is off.').waitFor();
    await expect(page.locator('#email-off').textContent()).resolves.toContain('LEADGATE_SMTP_URL');
    expect(await page.getByRole('button', { name: 'Add email destination' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Email addresses').isDisabled()).toBe(true);
    await context.close();
  }, 30_000);

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on these pages, ${colorScheme}, and none is wider than a phone`, async () => {
      const { id } = await (
        await server.admin('/v1/admin/webhooks', {
          method: 'POST',
          body: { url: 'http://127.0.0.1:9/nobody' },
        })
      ).json();
      await server.admin(`/v1/admin/webhooks/${id}/test`, { method: 'POST' });
      for (const width of [1280, 375]) {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 800 } });
        const { page, problems } = await openPage(context);
        await page.goto(`${server.url}/admin`);
        await signInWith(page, KEY);
        const check = async (what: string) => {
          expect({ what, violations: await axe(page) }).toEqual({ what, violations: [] });
          expect({ what, overflows: await overflowsSideways(page) }).toEqual({ what, overflows: false });
        };
        await page.goto(`${server.url}/admin/webhooks`);
        await page.getByRole('table').waitFor();
        await check('webhooks');
        await page.getByRole('button', { name: 'Add endpoint' }).click();
        await check('add endpoint');
        await page.goto(`${server.url}/admin/webhooks/${id}`);
        await page.getByRole('region', { name: 'Attempt log' }).getByText('No answer').first().waitFor();
        await page.getByRole('button', { name: 'Reveal secret' }).click();
        await page.getByRole('button', { name: 'Copy secret' }).waitFor();
        await check('endpoint');
        await page.getByRole('button', { name: 'Rotate secret…' }).click();
        await page.getByRole('dialog').waitFor();
        await check('rotate dialog');
        await page.keyboard.press('Escape');
        await page.goto(`${server.url}/admin/notifications`);
        await page.getByText('Email is off.').waitFor();
        await check('notifications');
        await page.goto(`${server.url}/admin/keys`);
        await page.getByRole('table').waitFor();
        await page.getByLabel('Name', { exact: true }).fill(`Axe ${colorScheme} ${width}`);
        await page.getByRole('button', { name: 'Create key' }).click();
        await page.getByText('Copy the key').waitFor();
        await check('keys');
        await page.getByRole('button', { name: `Revoke Axe ${colorScheme} ${width}` }).click();
        await page.getByRole('dialog').waitFor();
        await check('revoke dialog');
        expect(problems).toEqual([]);
        await context.close();
      }
    }, 120_000);
  }
});
