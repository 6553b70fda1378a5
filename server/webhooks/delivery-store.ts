/** The outbox's state changes: leasing due deliveries and recording each attempt's result. */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { WebhookConfig } from '../config.ts';
import { type Db, writeTx } from '../storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookMessages } from '../storage/schema.ts';
import type { SendResult } from './send-webhook.ts';

/** A delivery leased for sending, with what it takes to sign and send it. */
export type ClaimedDelivery = {
  id: number;
  messageId: string;
  endpointId: string;
  attemptCount: number;
  url: string;
  payload: string;
  /** The current secret first, then a rotated-out one still within its grace period. */
  secrets: string[];
};

const MAX_STORED_RESPONSE_IN_CHARS = 4096;
const MAX_RETRY_AFTER_IN_MS = 24 * 60 * 60 * 1000;

/** Leases up to `limit` due deliveries of enabled endpoints for `leaseInMs`, oldest due first. */
export function claimDue(db: Db, now: number, limit: number, leaseInMs: number): ClaimedDelivery[] {
  return writeTx(db, (tx) => {
    const rows = tx
      .select({
        id: webhookDeliveries.id,
        messageId: webhookDeliveries.messageId,
        endpointId: webhookDeliveries.endpointId,
        attemptCount: webhookDeliveries.attemptCount,
        url: webhookEndpoints.url,
        payload: webhookMessages.payload,
        secret: webhookEndpoints.secret,
        previousSecret: webhookEndpoints.previousSecret,
        previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
          eq(webhookEndpoints.enabled, true),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .all();
    if (rows.length === 0) return [];
    tx.update(webhookDeliveries)
      .set({ leaseUntil: now + leaseInMs })
      .where(
        inArray(
          webhookDeliveries.id,
          rows.map((r) => r.id),
        ),
      )
      .run();
    return rows.map(({ secret, previousSecret, previousSecretExpiresAt, ...r }) => ({
      ...r,
      secrets: previousSecret && (previousSecretExpiresAt ?? 0) > now ? [secret, previousSecret] : [secret],
    }));
  });
}

/** What an attempt's result means for the delivery. */
export type Verdict =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed'; disableEndpoint: boolean };

/** Decides success, the next retry time (schedule, jitter, `Retry-After`) or giving up. */
export function judgeAttempt(
  result: SendResult,
  attemptsSoFar: number,
  opts: { config: WebhookConfig; now: number; random: () => number },
): Verdict {
  const code = result.statusCode;
  if (code !== undefined && code >= 200 && code < 300) return { status: 'delivered' };
  // 410 Gone: the subscriber says the endpoint is gone for good; stop sending to it.
  if (code === 410) return { status: 'failed', disableEndpoint: true };
  const delay = opts.config.retryScheduleInMs[attemptsSoFar - 1];
  if (delay === undefined) return { status: 'failed', disableEndpoint: false };
  const jittered = delay * (1 + opts.config.jitter * (2 * opts.random() - 1));
  // Retry-After on 429 and 503 (RFC 9110 §10.2.3) may only push the retry later, never sooner.
  const asked = (code === 429 || code === 503) && result.retryAfterMs !== undefined ? result.retryAfterMs : 0;
  const wait = Math.max(jittered, Math.min(asked, MAX_RETRY_AFTER_IN_MS));
  return { status: 'pending', nextAttemptAt: opts.now + Math.round(wait) };
}

/** Stores the attempt and moves the delivery on; a delivery deleted meanwhile is left alone. */
export function recordAttempt(
  db: Db,
  d: ClaimedDelivery,
  result: SendResult,
  opts: { config: WebhookConfig; now: number; random: () => number },
): Verdict {
  const attempts = d.attemptCount + 1;
  const verdict = judgeAttempt(result, attempts, opts);
  const error =
    result.error ?? (verdict.status === 'delivered' ? null : `HTTP ${result.statusCode ?? 'no response'}`);
  writeTx(db, (tx) => {
    const changed = tx
      .update(webhookDeliveries)
      .set({
        status: verdict.status,
        attemptCount: attempts,
        nextAttemptAt:
          verdict.status === 'pending' ? verdict.nextAttemptAt : sql`${webhookDeliveries.nextAttemptAt}`,
        leaseUntil: null,
        lastError: error,
        updatedAt: opts.now,
      })
      .where(eq(webhookDeliveries.id, d.id))
      .run().changes;
    if (changed === 0) return;
    tx.insert(webhookAttempts)
      .values({
        deliveryId: d.id,
        messageId: d.messageId,
        endpointId: d.endpointId,
        attemptedAt: opts.now - result.latencyMs,
        statusCode: result.statusCode ?? null,
        latencyMs: result.latencyMs,
        responseBody: result.body.slice(0, MAX_STORED_RESPONSE_IN_CHARS),
        error,
      })
      .run();
    if (verdict.status === 'failed' && verdict.disableEndpoint) {
      tx.update(webhookEndpoints)
        .set({ enabled: false, updatedAt: opts.now })
        .where(eq(webhookEndpoints.id, d.endpointId))
        .run();
    }
  });
  return verdict;
}
