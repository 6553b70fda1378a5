#!/usr/bin/env node
// A Leadgate webhook receiver in plain Node: verifies every request with the `standardwebhooks` library
// and drops duplicates by `webhook-id` (delivery is at-least-once, so a retry may repeat a message).
//
//   npm install standardwebhooks
//   LEADGATE_WEBHOOK_SECRET=whsec_… node webhook-receiver.mjs      # listens on 127.0.0.1:4000
//
// Then register it: curl -X POST $LEADGATE/v1/admin/webhooks -H "Authorization: Bearer $KEY" \
//   -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:4000/leadgate"}'
// (a loopback receiver also needs LEADGATE_WEBHOOK_ALLOW=127.0.0.0/8 on the Leadgate server).
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const MAX_BODY_IN_BYTES = 1024 * 1024;
const SEEN_IDS_KEPT = 10_000;

/** Creates the HTTP server; `onEvent(event, webhookId)` runs once per message, verified. */
export function createReceiver({ secret, onEvent }) {
  const webhook = new Webhook(secret);
  // In production keep seen ids in your database, in the same transaction as the work the event causes.
  const seen = new Set();

  return createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_IN_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', async () => {
      // Verify the raw bytes as received: re-serialised JSON would not match the signature.
      const body = Buffer.concat(chunks).toString('utf8');
      let event;
      try {
        event = webhook.verify(body, req.headers);
      } catch (err) {
        const reason = err instanceof WebhookVerificationError ? err.message : 'bad request';
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`rejected: ${reason}`);
        return;
      }
      const id = req.headers['webhook-id'];
      if (seen.has(id)) {
        res.writeHead(200).end('duplicate');
        return;
      }
      try {
        await onEvent(event, id);
      } catch (err) {
        console.error('handler failed; answering 500 so Leadgate retries', err);
        res.writeHead(500).end('handler failed');
        return;
      }
      seen.add(id);
      if (seen.size > SEEN_IDS_KEPT) seen.delete(seen.values().next().value);
      res.writeHead(200).end('ok');
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.LEADGATE_WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set LEADGATE_WEBHOOK_SECRET to the whsec_… secret Leadgate returned for this endpoint.');
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 4000);
  createReceiver({
    secret,
    onEvent: (event, id) => {
      if (event.type === 'lead.created') {
        console.log(
          `${id} lead ${event.data.id}: ${event.data.answers.email} (${event.data.tier}, ${event.data.score})`,
        );
      } else {
        console.log(`${id} ${event.type}`, event.data);
      }
    },
  }).listen(port, '127.0.0.1', () => console.log(`receiving Leadgate webhooks on http://127.0.0.1:${port}`));
}
