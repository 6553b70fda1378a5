/** `leadgate serve`: opens the database, seeds it when fresh, serves HTTP and runs the webhook dispatcher. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { pruneSpentChallenges } from './abuse/abuse-store.ts';
import { ensureAdminKey } from './admin/admin-keys.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { DEMO_FORM_ID } from './forms/demo-form.ts';
import { seedDemoForm } from './forms/seed-demo.ts';
import { clientAddress } from './http/client-address.ts';
import { pruneIdempotencyKeys } from './ingest/idempotency.ts';
import { backfillLeadEmails } from './leads/backfill-email.ts';
import { scheduleRetention } from './leads/retention.ts';
import { openDb } from './storage/db.ts';
import { scriptTag } from './web/demo-pages.ts';
import { createDispatcher } from './webhooks/dispatcher.ts';

export type Server = { url: string; close(): Promise<void> };

type Print = (line: string) => void;

const PRUNE_EVERY_IN_MS = 60 * 60 * 1000;

/** Starts everything and resolves once listening; `close()` stops taking requests and drains deliveries. */
export async function startServer(config: Config, print: Print = console.log): Promise<Server> {
  const db = openDb(config.dbFile);
  const generatedKey = ensureAdminKey(db, config.adminKey);
  const seeded = seedDemoForm(db);
  // Before serving: a data-subject request must find leads stored before leads.email existed.
  backfillLeadEmails(db);
  const log = (message: string, error?: unknown) => console.error(`leadgate: ${message}`, error ?? '');
  const dispatcher = createDispatcher({ db, config: config.webhook, allow: config.webhookAllow, log });

  let publicUrl = config.publicUrl ?? '';
  const app = createApp({
    db,
    config,
    publicUrl: () => publicUrl,
    onDeliveriesQueued: dispatcher.wake,
    clientAddress: clientAddress(config),
    log,
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  if (!config.publicUrl) publicUrl = url;

  // One write, so whoever reads the output sees the key and the tag together with the listening line.
  const lines = [`leadgate: listening on ${url}`];
  if (generatedKey) lines.push(`leadgate: admin key (shown once, keep it safe): ${generatedKey}`);
  if (seeded) {
    lines.push(
      `leadgate: demo page: ${publicUrl}/demo`,
      `leadgate: paste this tag into any page to embed the demo form "${DEMO_FORM_ID}":`,
      `  ${scriptTag(publicUrl)}`,
    );
  }
  print(lines.join('\n'));
  dispatcher.start();
  const prune = () => {
    try {
      pruneIdempotencyKeys(db);
      pruneSpentChallenges(db);
    } catch (err) {
      log('could not prune idempotency keys and spent challenges', err);
    }
  };
  prune();
  const pruner = setInterval(prune, PRUNE_EVERY_IN_MS);
  pruner.unref();
  const retention = scheduleRetention({ db, log, onErased: dispatcher.wake });

  return {
    url,
    async close() {
      clearInterval(pruner);
      await retention.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await dispatcher.stop();
      db.$client.close();
    },
  };
}
