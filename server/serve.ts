/** `leadgate serve`: opens the database, seeds it when fresh, serves HTTP and runs the webhook dispatcher. */
import { statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { DEMO_FORM_ID } from './forms/demo-form.ts';
import { seedDemoForm } from './forms/seed-demo.ts';
import { clientAddress } from './http/client-address.ts';
import { answerClientError } from './http/client-error.ts';
import { RETENTION_EVERY_IN_MS, scheduleRetention } from './leads/retention.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { DIGEST_EVERY_IN_MS, scheduleDigests } from './notifications/digest.ts';
import { createMailer } from './notifications/mailer.ts';
import { type Db, openDb, writeProblem } from './storage/db.ts';
import { redacted } from './storage/redacted-url.ts';
import { type Store, sqliteStore } from './store.ts';
import { scriptTag } from './web/demo-pages.ts';
import { createDispatcher } from './webhooks/dispatcher.ts';

export type Server = { url: string; close(): Promise<void> };

type Print = (line: string) => void;

export type StartOptions = {
  /** Where the start-up lines a person reads go (the URL, the admin key, the tag): stdout by default. */
  print?: Print;
  logger?: Logger;
};

/** A failure to start that the operator can fix, with a message that says how; printed without a stack. */
export class StartError extends Error {
  override name = 'StartError';
}

const PRUNE_EVERY_IN_MS = 60 * 60 * 1000;

const reasonOf = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  return e.code && !e.message?.includes(e.code) ? `${e.message} (${e.code})` : String(e.message ?? err);
};

/** Opens the SQLite store, refusing to start on one that cannot be written: every lead would be a 500. */
function openSqlite(file: string, onError?: (err: unknown) => void): Store {
  const where = file === ':memory:' ? file : resolve(file);
  let db: Db;
  try {
    db = openDb(file);
  } catch (err) {
    throw new StartError(
      `cannot open the database ${where}: ${reasonOf(err)}. Check that its folder exists or can be created, and that the file and folder can be written.`,
    );
  }
  const problem = writeProblem(db);
  if (problem) {
    db.$client.close();
    throw new StartError(
      `the database ${where} cannot be written: ${problem}. Check the permissions of the file and of its folder.`,
    );
  }
  return sqliteStore(db, onError);
}

/** Opens the store the configuration names (PostgreSQL or the SQLite file), migrated and writable. */
export async function openStore(
  config: Pick<Config, 'dbFile' | 'databaseUrl'>,
  logger?: Logger,
): Promise<Store> {
  // Counters that could not be written (a full disk) are kept and tried again; the operator hears of it.
  const onError = logger && ((err: unknown) => logger.error({ err }, 'could not write the counters'));
  if (!config.databaseUrl) return openSqlite(config.dbFile, onError);
  let store: Store;
  try {
    // Loaded only for PostgreSQL: a SQLite server never needs its driver and schema (~4 MB, ~25 ms).
    const { openPgStore } = await import('./store-pg.ts');
    store = await openPgStore(config.databaseUrl, onError ? { onError } : {});
  } catch (err) {
    throw new StartError(`cannot open the database ${redacted(config.databaseUrl)}: ${reasonOf(err)}.`);
  }
  const problem = await store.writeProblem();
  if (problem) {
    await store.close();
    throw new StartError(`the database ${redacted(config.databaseUrl)} cannot be written: ${problem}.`);
  }
  return store;
}

/** A database others may read holds their leads and webhook secrets: say so, but leave the operator's choice. */
function warnIfShared(file: string, logger: Logger): void {
  if (file === ':memory:') return;
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    logger.warn(
      { path: resolve(file), mode: mode.toString(8) },
      'the database file can be read by other users; chmod 600 it',
    );
  }
}

/** Starts everything and resolves once listening; `close()` stops taking requests and drains deliveries. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<Server> {
  const print = options.print ?? console.log;
  const logger = options.logger ?? createLogger(config.log);
  const store = await openStore(config, logger);
  if (store.dialect === 'sqlite') warnIfShared(config.dbFile, logger);
  const generatedKey = await store.adminKeys.ensure(config.adminKey);
  const keyLine = `leadgate: admin key (shown until first used; keep it safe): ${generatedKey}`;
  const seeded = config.demo && (await seedDemoForm(store.forms));
  // Before serving: a data-subject request must find leads stored before leads.email existed.
  await store.leads.backfillEmails();
  let publicUrl = config.publicUrl ?? '';
  // Deliveries stored here: this instance's dispatcher wakes, and the others hear of it (PostgreSQL).
  const deliveriesQueued = () => {
    dispatcher.wake();
    store.announceDeliveries();
  };
  const mailer =
    config.smtp &&
    createMailer({
      smtp: config.smtp,
      forms: store.forms,
      consoleUrl: () => publicUrl,
      timeoutInMs: config.webhook.attemptTimeoutInMs,
    });
  const dispatcher = createDispatcher({
    outbox: store.outbox,
    config: config.webhook,
    allow: config.webhookAllow,
    logger,
    ...(mailer ? { mailer } : {}),
  });

  const app = createApp({
    store,
    config,
    publicUrl: () => publicUrl,
    onDeliveriesQueued: deliveriesQueued,
    clientAddress: clientAddress(config),
    logger,
  });

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    // The key was stored: print it anyway, or this start would be the one that showed it and nobody saw.
    if (generatedKey) print(keyLine);
    await store.close();
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use by another program' : reasonOf(err);
    throw new StartError(`cannot listen on ${config.host}:${config.port}: ${why}.`);
  }
  server.on('clientError', answerClientError(logger));
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  if (!config.publicUrl) publicUrl = url;

  // One write, so whoever reads the output sees the key and the tag together with the listening line.
  const lines = [`leadgate: listening on ${url}`];
  if (generatedKey) lines.push(keyLine);
  if (seeded) {
    lines.push(
      `leadgate: demo page: ${publicUrl}/demo`,
      `leadgate: paste this tag into any page to embed the demo form "${DEMO_FORM_ID}":`,
      `  ${scriptTag(publicUrl)}`,
    );
  }
  print(lines.join('\n'));
  logger.info({ url, demo: config.demo }, 'listening');
  dispatcher.start();
  // Another instance's new deliveries wake this one's dispatcher too (PostgreSQL's LISTEN/NOTIFY).
  const unlisten = await store.onDeliveriesQueued(dispatcher.wake);
  // Scheduled jobs run on one instance at a time, the one holding the job's lease.
  const mayRun = (name: string, everyInMs: number) => () => store.tryJob(name, everyInMs * 1.5);
  const prune = async () => {
    try {
      if (!(await mayRun('prune', PRUNE_EVERY_IN_MS)())) return;
      await Promise.all([store.idempotency.prune(), store.abuse.pruneSpentChallenges()]);
    } catch (err) {
      logger.error({ err }, 'could not prune idempotency keys and spent challenges');
    }
  };
  void prune();
  const pruner = setInterval(prune, PRUNE_EVERY_IN_MS);
  pruner.unref();
  const retention = scheduleRetention({
    stores: store,
    logger,
    onErased: deliveriesQueued,
    mayRun: mayRun('retention', RETENTION_EVERY_IN_MS),
  });
  const digests = scheduleDigests({
    stores: store,
    logger,
    onQueued: deliveriesQueued,
    mayRun: mayRun('digests', DIGEST_EVERY_IN_MS),
  });

  return {
    url,
    async close() {
      clearInterval(pruner);
      await retention.stop();
      await digests.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await unlisten();
      await dispatcher.stop();
      await store.close();
    },
  };
}
