/** Test support: an app over a fresh in-memory database, with the demo form and a known admin key. */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { createApp } from '../../server/app.ts';
import type { SmtpConfig } from '../../server/config.ts';
import { demoForm } from '../../server/forms/demo-form.ts';
import { createForm } from '../../server/forms/form-store.ts';
import { type Db, openDb } from '../../server/storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookMessages } from '../../server/storage/schema.ts';
import { sqliteStore } from '../../server/store.ts';
import { FormDefinition } from '../../shared/form-definition.ts';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';
export const TEST_PUBLIC_URL = 'http://leads.test';

/** Stores the demo form with the SQLite store's own (synchronous) call: ready as soon as this returns. */
export function seedDemoFormIn(db: Db): void {
  createForm(db, v.parse(FormDefinition, demoForm));
}

/**
 * A fresh app; `wakes` counts how often the dispatcher would have been woken. The bot gates are off
 * unless `abuseChecks` (tests post submissions the way a load test does, without the widget).
 */
export function testApp(
  options: { rateLimitPerMinute?: number; abuseChecks?: boolean; smtp?: SmtpConfig } = {},
) {
  const db = openDb(':memory:');
  seedDemoFormIn(db);
  const store = sqliteStore(db);
  const counters = { wakes: 0 };
  const app = createApp({
    store,
    config: {
      adminKey: TEST_ADMIN_KEY,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      abuseChecks: options.abuseChecks ?? false,
      smtp: options.smtp,
    },
    publicUrl: () => TEST_PUBLIC_URL,
    onDeliveriesQueued: () => {
      counters.wakes++;
    },
    widget: undefined,
  });
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return { app, db, store, admin, counters };
}

/**
 * Logs one attempt at every delivery so far, answered `statusCode` with `responseBody(payload sent)` (a CRM
 * that echoes the lead leaves the person in the attempt log), and settles each delivery: delivered after
 * that one attempt on a 2xx, failed after `failedAfter` attempts otherwise.
 */
export function answerEveryDelivery(
  db: Db,
  answer: {
    statusCode: number;
    at: number;
    latencyMs: number;
    responseBody: (payload: string | undefined) => string;
    failedAfter?: number;
  },
) {
  const ok = answer.statusCode >= 200 && answer.statusCode < 300;
  for (const d of db.select().from(webhookDeliveries).all()) {
    const payload = db.select().from(webhookMessages).where(eq(webhookMessages.id, d.messageId)).all()[0];
    db.insert(webhookAttempts)
      .values({
        deliveryId: d.id,
        messageId: d.messageId,
        endpointId: d.endpointId,
        attemptedAt: answer.at,
        statusCode: answer.statusCode,
        latencyMs: answer.latencyMs,
        responseBody: answer.responseBody(payload?.payload),
        error: ok ? null : `HTTP ${answer.statusCode}`,
      })
      .run();
    db.update(webhookDeliveries)
      .set(
        ok
          ? { status: 'delivered', attemptCount: 1 }
          : { status: 'failed', attemptCount: answer.failedAfter ?? 1 },
      )
      .where(eq(webhookDeliveries.id, d.id))
      .run();
  }
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
