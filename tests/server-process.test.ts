/** `leadgate serve` as a user runs it: what it prints, what it serves, how it stops and restarts. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, webhookReceiver } from './support/http-fixtures.ts';
import { runLeadgate, spawnLeadgate, startLeadgate } from './support/leadgate-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadgate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leadgate serve', () => {
  it('prints the admin key, demo page and script tag on first start only, and stops on SIGTERM', async () => {
    const env = { LEADGATE_DB: join(dir, 'first', 'leadgate.db') };
    const first = await startLeadgate(env);
    const key = /admin key[^:]*: (\S+)/.exec(first.output())?.[1];
    expect(key).toMatch(/^lg_admin_/);
    expect(first.output()).toContain(`demo page: ${first.url}/demo`);
    expect(first.output()).toContain(
      `<script src="${first.url}/widget.js?form=demo-ebook" data-leadgate-form="demo-ebook"></script>`,
    );

    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const widget = await fetch(`${first.url}/widget.js`);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect((await widget.text()).length).toBeGreaterThan(1000);
    expect(await (await fetch(`${first.url}/demo`)).text()).toContain('data-leadgate-form="demo-ebook"');
    const authed = await fetch(`${first.url}/v1/admin/webhooks`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(authed.status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startLeadgate(env);
    expect(second.output()).not.toContain('admin key');
    expect(second.output()).not.toContain('demo page');
    const stillValid = await fetch(`${second.url}/v1/admin/webhooks`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(stillValid.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('stops cleanly on a SIGTERM that comes while it starts', async () => {
    const env = { LEADGATE_DB: join(dir, 'starting', 'leadgate.db') };
    expect((await runLeadgate(['migrate'], env)).code).toBe(0);
    // A database others may read makes the start log a warning before it listens: the signal goes then.
    chmodSync(env.LEADGATE_DB, 0o644);
    const { child, printed } = spawnLeadgate(['serve'], env);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    const warned = () => {
      if (!printed.stderr.includes('chmod 600')) return;
      child.stderr?.off('data', warned);
      child.kill('SIGTERM');
    };
    child.stderr?.on('data', warned);
    expect(await exited).toBe(0);
    expect(printed.stdout).toContain('listening on');
  });

  it('refuses bad configuration with a clear message', async () => {
    await expect(
      startLeadgate({ LEADGATE_PORT: 'eighty', LEADGATE_DB: join(dir, 'bad.db') }),
    ).rejects.toThrow(/LEADGATE_PORT must be a whole number/);
  });

  it('delivers after a crash what it owed before it (the queue lives in SQLite)', async () => {
    const env = {
      LEADGATE_DB: join(dir, 'crash', 'leadgate.db'),
      // Posts the way a load test does, without the widget's proof of work.
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_ADMIN_KEY: 'crash-test-admin-key-000',
      LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8',
    };
    // A receiver that is down: find a free port, then close it.
    const down = await webhookReceiver();
    const port = down.port;
    await down.close();

    const before = await startLeadgate(env);
    const admin = { authorization: `Bearer ${env.LEADGATE_ADMIN_KEY}`, 'content-type': 'application/json' };
    const endpoint = await (
      await fetch(`${before.url}/v1/admin/webhooks`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook` }),
      })
    ).json();
    const submitted = await fetch(`${before.url}/v1/forms/demo-ebook/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'crash-1' },
      body: JSON.stringify({
        answers: {
          email: 'ada@example.com',
          role: 'renter',
          monthly_bill: 'under_100',
          timeline: 'researching',
        },
        consents: { privacy: true },
      }),
    });
    expect(submitted.status).toBe(201);
    const { id } = await submitted.json();
    // Let the first attempt fail against the closed port, then kill without any chance to clean up.
    await eventually(async () => {
      const attempts = await (
        await fetch(`${before.url}/v1/admin/webhooks/${endpoint.id}/attempts`, { headers: admin })
      ).json();
      return attempts.data.length > 0;
    });
    before.child.kill('SIGKILL');
    await before.exited;

    const receiver = await webhookReceiver({ port });
    try {
      const after = await startLeadgate(env);
      // The first retry is due 5 s (±10%) after the failed attempt.
      const delivery = await eventually(() => receiver.received.find((r) => r.body.includes(id)), 15_000);
      const event = new Webhook(endpoint.secret).verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      );
      expect(event).toMatchObject({ type: 'lead.created', data: { id, tier: 'disqualified', score: 0 } });
      after.child.kill('SIGTERM');
      await after.exited;
    } finally {
      await receiver.close();
    }
  });
});
