/**
 * Sends an email destination's deliveries through the operator's SMTP server (`LEADGATE_SMTP_URL`). The
 * dispatcher leases, retries and records them like webhooks: the same outbox, so a crash loses none.
 */
import type { Transporter } from 'nodemailer';
import type { WebhookEvent } from '../../shared/events.ts';
import type { SmtpConfig } from '../config.ts';
import type { FormStore } from '../forms/form-store.ts';
import type { ClaimedDelivery } from '../webhooks/delivery-store.ts';
import type { SendResult } from '../webhooks/send-webhook.ts';
import { mailtoRecipients } from './mailto.ts';
import { renderEmail } from './render-email.ts';

export type Mailer = {
  send(delivery: ClaimedDelivery): Promise<SendResult>;
  close(): void;
};

const MAX_CONNECTIONS = 2;

/** A mailer over a pool of SMTP connections; `consoleUrl` is where links in the emails point. */
export function createMailer(deps: {
  smtp: SmtpConfig;
  forms: FormStore;
  consoleUrl: () => string;
  timeoutInMs: number;
}): Mailer {
  // Loaded only by a server that sends email: nodemailer alone holds ~15 MB and takes ~80 ms to load.
  const transport: Promise<Transporter> = import('nodemailer').then(({ createTransport }) =>
    createTransport({
      url: deps.smtp.url,
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      connectionTimeout: deps.timeoutInMs,
      greetingTimeout: deps.timeoutInMs,
      socketTimeout: deps.timeoutInMs,
    }),
  );
  return {
    async send(d) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const to = mailtoRecipients(d.url);
      if ('problem' in to)
        return { body: '', latencyMs: 0, error: `Not an email destination: ${to.problem}` };
      try {
        const event = JSON.parse(d.payload) as WebhookEvent;
        const definition =
          event.type === 'lead.created'
            ? (await deps.forms.get(event.data.formId, event.data.formVersion))?.definition
            : undefined;
        const email = renderEmail(event, { consoleUrl: deps.consoleUrl(), definition });
        const info = await (await transport).sendMail({
          from: deps.smtp.from,
          to: to.recipients,
          subject: email.subject,
          text: email.text,
          // The webhook-id, so a message sent twice (at least once) can be recognised as one.
          messageId: `<${d.messageId}@leadgate>`,
          headers: { 'X-Leadgate-Event': event.type, 'Auto-Submitted': 'auto-generated' },
        });
        return { accepted: true, body: String(info.response ?? ''), latencyMs: elapsed() };
      } catch (err) {
        const e = err as { responseCode?: number; response?: string; message?: string };
        const reason = e.responseCode
          ? `SMTP ${e.responseCode}: ${e.response ?? e.message}`
          : String(e.message);
        return { body: e.response ?? '', latencyMs: elapsed(), error: reason };
      }
    },
    close() {
      void transport.then((t) => t.close());
    },
  };
}

/** Where deliveries to email destinations go when `LEADGATE_SMTP_URL` is not set: they wait and retry. */
export const noMailer: Mailer = {
  async send() {
    return {
      body: '',
      latencyMs: 0,
      error: 'Email notifications are off: set LEADGATE_SMTP_URL and restart Leadgate.',
    };
  },
  close() {},
};
