/**
 * Email notifications through a real SMTP server: each new lead is emailed from the outbox, and a crash
 * while the mail server refuses loses nothing: after a restart the email goes out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './support/http-fixtures.ts';
import { startLeadgate } from './support/leadgate-process.ts';
import { DIALECTS, databaseFor } from './support/postgres.ts';
import { decodedHeader, header, smtpFixture, textBody } from './support/smtp-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadgate-email-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN_KEY = 'email-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

const submission = (email: string) =>
  JSON.stringify({
    answers: { email, role: 'homeowner', monthly_bill: 'over_300', timeline: 'this_quarter' },
    consents: { privacy: true },
  });

describe.each(DIALECTS)('email notifications (%s)', (dialect) => {
  it('email each lead from the outbox, and survive a SIGKILL while the mail server refuses', async () => {
    const smtp = await smtpFixture();
    const database = await databaseFor(dialect, dir);
    const env = {
      ...database.env,
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_ADMIN_KEY: ADMIN_KEY,
      LEADGATE_SMTP_URL: smtp.url,
      LEADGATE_SMTP_FROM: 'Leadgate <leads@example.com>',
      LEADGATE_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s,1s,1s,1s,1s,1s',
      LEADGATE_WEBHOOK_TIMEOUT: '2s',
    };
    try {
      const first = await startLeadgate(env);
      const status = await (await fetch(`${first.url}/v1/admin/notifications`, { headers: admin })).json();
      expect(status).toEqual({
        email: { available: true, from: 'Leadgate <leads@example.com>', host: new URL(smtp.url).host },
      });
      const created = await fetch(`${first.url}/v1/admin/webhooks`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ url: 'mailto:owner@example.com,sales@example.com', formIds: ['demo-ebook'] }),
      });
      expect(created.status).toBe(201);
      const destination = await created.json();
      expect(destination).toMatchObject({ events: ['lead.created'] });

      const res = await fetch(`${first.url}/v1/forms/demo-ebook/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: submission('ada@example.com'),
      });
      expect(res.status).toBe(201);
      const lead = await res.json();
      await eventually(() => smtp.received.length === 1);
      const [mail] = smtp.received;
      expect(mail?.to).toEqual(['owner@example.com', 'sales@example.com']);
      expect(mail?.from).toBe('leads@example.com');
      const raw = mail?.raw ?? '';
      expect(decodedHeader(raw, 'Subject')).toContain(`New lead: ada@example.com (${lead.tier})`);
      expect(header(raw, 'Message-ID')).toMatch(/^<msg_[0-9a-z]+@leadgate>$/);
      const text = textBody(raw);
      // Labels and option labels of the form, not keys and values.
      expect(text).toContain('Work email: ada@example.com');
      expect(text).toContain('What best describes you?: Homeowner');
      expect(text).toMatch(/Tier: \w+ · score \d+/);
      expect(text).toContain(`${first.url}/admin/leads/${lead.id}`);

      // The mail server goes down; a lead is stored and its email refused; the server is killed.
      smtp.accepting = false;
      const second = await fetch(`${first.url}/v1/forms/demo-ebook/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: submission('grace@example.com'),
      });
      expect(second.status).toBe(201);
      const { id } = await second.json();
      const attempts = async () => {
        const messages = await (
          await fetch(`${first.url}/v1/admin/webhooks/${destination.id}/messages`, { headers: admin })
        ).json();
        return messages.data as { status: string; attempts: number; lastError: string | null }[];
      };
      await eventually(async () => (await attempts()).some((m) => m.status === 'pending' && m.attempts >= 1));
      expect((await attempts()).find((m) => m.status === 'pending')?.lastError).toMatch(/^SMTP 451/);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(smtp.received).toHaveLength(1);

      smtp.accepting = true;
      const restarted = await startLeadgate(env);
      await eventually(
        () => smtp.received.some((m) => textBody(m.raw).includes(`/admin/leads/${id}`)),
        15_000,
      );
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
    } finally {
      await smtp.close();
      await database.drop();
    }
  }, 60_000);
});
