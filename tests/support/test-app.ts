/**
 * Test support: an app over a fresh database, with the demo form and a known admin key. `testApp()` is
 * SQLite in memory, built at once, for unit tests of SQLite code; `appFor(dialect)` is the same app on
 * SQLite or PostgreSQL, for the API tests that must hold on both.
 */
import * as v from 'valibot';
import { afterAll, afterEach } from 'vitest';
import { createApp } from '../../server/app.ts';
import { DEFAULT_WEBHOOK_CONFIG, type SmtpConfig } from '../../server/config.ts';
import { demoForm } from '../../server/forms/demo-form.ts';
import { createForm } from '../../server/forms/form-store.ts';
import { seedDemoForm } from '../../server/forms/seed-demo.ts';
import { type Db, openDb } from '../../server/storage/db.ts';
import { type Store, sqliteStore } from '../../server/store.ts';
import { openPgStore } from '../../server/store-pg.ts';
import { type ConsoleAssets, loadConsoleAssets } from '../../server/web/console-assets.ts';
import type { WidgetAsset } from '../../server/web/widget-asset.ts';
import { FormDefinition } from '../../shared/form-definition.ts';
import { dropFileDatabases, takeEmptyDatabase } from './postgres.ts';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';
export const TEST_PUBLIC_URL = 'http://leads.test';

export type Dialect = 'sqlite' | 'postgres';
type AppOptions = {
  rateLimitPerMinute?: number;
  abuseChecks?: boolean;
  smtp?: SmtpConfig;
  /** The configured admin key: TEST_ADMIN_KEY unless given, `undefined` for none (the stored keys alone). */
  adminKey?: string | undefined;
  /** The widget bundle served at /widget.js: none unless given. */
  widget?: WidgetAsset;
};

/** Stores the demo form with the SQLite store's own (synchronous) call: ready as soon as this returns. */
export function seedDemoFormIn(db: Db): void {
  createForm(db, v.parse(FormDefinition, demoForm));
}

// The console's build, read and compressed once per test file: it takes longer than all the rest of an app.
let consoleAssets: ConsoleAssets | undefined;

/**
 * The app over `store`; `wakes` counts how often the dispatcher would have been woken. The bot gates are
 * off unless `abuseChecks` (tests post submissions the way a load test does, without the widget).
 */
function appOver(store: Store, options: AppOptions) {
  const counters = { wakes: 0 };
  consoleAssets ??= loadConsoleAssets();
  const app = createApp({
    store,
    config: {
      adminKey: 'adminKey' in options ? options.adminKey : TEST_ADMIN_KEY,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      abuseChecks: options.abuseChecks ?? false,
      smtp: options.smtp,
    },
    publicUrl: () => TEST_PUBLIC_URL,
    onDeliveriesQueued: () => {
      counters.wakes++;
    },
    widget: options.widget,
    console: consoleAssets,
  });
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return { app, store, admin, counters };
}

/** A fresh app on SQLite in memory, with its `db` for tests of SQLite code. */
export function testApp(options: AppOptions = {}) {
  const db = openDb(':memory:');
  seedDemoFormIn(db);
  return { ...appOver(sqliteStore(db), options), db };
}

/** An app on either database, as the API tests see it. */
export type TestApp = ReturnType<typeof appOver> & {
  dialect: Dialect;
  /**
   * Runs one statement of SQL that both databases read alike (`SELECT count(*) AS n FROM leads`, an
   * UPDATE), for what no store call shows: the rows an erasure must leave behind, a lead made old.
   * Integers come back as numbers on both.
   */
  sql<T = Record<string, unknown>>(text: string): Promise<T[]>;
  close(): Promise<void>;
};

const open = new Set<TestApp>();
// An app lives for one test: closed after it, and the file's PostgreSQL databases dropped after the file.
afterEach(async () => {
  const apps = [...open];
  open.clear();
  await Promise.all(apps.map((t) => t.close()));
});
afterAll(dropFileDatabases);

/**
 * A fresh app on `dialect`, with the demo form seeded through the store: SQLite in memory, or an empty
 * PostgreSQL database of this file's (apps open at once each have their own). Closed when the test ends.
 */
export async function appFor(dialect: Dialect, options: AppOptions = {}): Promise<TestApp> {
  let t: TestApp;
  if (dialect === 'sqlite') {
    const db = openDb(':memory:');
    const store = sqliteStore(db);
    t = {
      ...appOver(store, options),
      dialect,
      async sql<T>(text: string) {
        const statement = db.$client.prepare(text);
        if (statement.reader) return statement.all() as T[];
        statement.run();
        return [];
      },
      close: () => store.close(),
    };
  } else {
    const { url, sql, release } = await takeEmptyDatabase();
    const store = await openPgStore(url, { poolSize: 4 });
    t = {
      ...appOver(store, options),
      dialect,
      sql: async <T>(text: string) => (await sql(text)) as T[],
      async close() {
        await store.close();
        release();
      },
    };
  }
  // Closed once, whether by the test or after it.
  const closing = t.close;
  let closed: Promise<void> | undefined;
  t.close = () => {
    open.delete(t);
    closed ??= closing();
    return closed;
  };
  open.add(t);
  await seedDemoForm(t.store.forms);
  return t;
}

/**
 * Answers every delivery due, as the dispatcher would record it: one attempt each, answered `statusCode` with
 * `responseBody(payload sent)` at `at` (a CRM that echoes the lead leaves the person in the attempt log). A
 * 2xx is delivered; anything else fails for good (no retries left), through the store's own outbox.
 */
export async function answerEveryDelivery(
  store: Store,
  answer: { statusCode: number; at: number; latencyMs: number; responseBody: (payload: string) => string },
) {
  const config = { ...DEFAULT_WEBHOOK_CONFIG, retryScheduleInMs: [] };
  const many = 10_000;
  const { claimed } = await store.outbox.recordAndClaim(
    [],
    { config, random: Math.random },
    { now: Date.now(), limit: many, leaseInMs: 60_000, perEndpoint: many },
  );
  const finished = (claimed?.deliveries ?? []).map((delivery) => ({
    delivery,
    // The outbox is told when an attempt finished and logs when it started.
    at: answer.at + answer.latencyMs,
    result: {
      statusCode: answer.statusCode,
      latencyMs: answer.latencyMs,
      body: answer.responseBody(delivery.payload),
    },
  }));
  await store.outbox.recordAttempts(finished, { config, random: Math.random });
}

/** A valid submission of the demo form. */
export const demoSubmission = () => ({
  answers: {
    email: 'ada@example.com',
    name: 'Ada',
    role: 'property_manager',
    properties: 5,
    monthly_bill: 'over_300',
    timeline: 'this_year',
  },
  consents: { privacy: true, marketing: false },
  context: {
    pageUrl: 'https://example.com/ebook?utm_source=news',
    utm: { utm_source: 'news' },
    locale: 'en',
  },
});
