/** The outbox's state changes: leasing due deliveries and recording each attempt's result. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { WebhookConfig } from '../config.ts';
import { type Db, type Tx, writeTx } from '../storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../storage/schema.ts';
import { enqueueEvent } from './outbox.ts';
import type { SendResult } from './send-webhook.ts';

/** A delivery leased for sending, with what it takes to sign and send it. */
export type ClaimedDelivery = {
  id: number;
  messageId: string;
  endpointId: string;
  attemptCount: number;
  url: string;
  payload: string;
  headers: Record<string, string>;
  /** The current secret first, then a rotated-out one still within its grace period. */
  secrets: string[];
};

const MAX_STORED_RESPONSE_IN_CHARS = 4096;
const MAX_RETRY_AFTER_IN_MS = 24 * 60 * 60 * 1000;
const CIRCUIT_BASE_IN_MS = 1000;

type EndpointRow = {
  id: string;
  url: string;
  headers: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  busy: number;
};

/**
 * Leases up to `limit` due deliveries, oldest first, for `leaseInMs`. Each endpoint's queue is read on
 * its own (an index per endpoint), at most `perEndpoint` of its deliveries are in flight at once and
 * none while its circuit is open: a slow or failing endpoint, however large its backlog, never takes
 * the capacity or the time the others need.
 */
export function claimDue(
  db: Db,
  now: number,
  limit: number,
  leaseInMs: number,
  perEndpoint = limit,
): ClaimedDelivery[] {
  return writeTx(db, (tx) => {
    const endpoints = tx.all<EndpointRow>(sql`
      SELECT e.id, e.url, e.headers, e.secret, e.previous_secret, e.previous_secret_expires_at,
             (SELECT count(*) FROM webhook_deliveries d
              WHERE d.endpoint_id = e.id AND d.lease_until IS NOT NULL AND d.lease_until > ${now}
                AND d.status = 'pending') AS busy
      FROM webhook_endpoints e
      WHERE e.enabled = 1 AND (e.circuit_open_until IS NULL OR e.circuit_open_until <= ${now})`);
    const candidates: (ClaimedDelivery & { due: number })[] = [];
    for (const e of endpoints) {
      const room = Math.min(perEndpoint - e.busy, limit);
      if (room <= 0) continue;
      const rows = tx.all<{
        id: number;
        message_id: string;
        attempt_count: number;
        next_attempt_at: number;
        payload: string;
      }>(sql`
        SELECT d.id, d.message_id, d.attempt_count, d.next_attempt_at, m.payload
        FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
        WHERE d.endpoint_id = ${e.id} AND d.status = 'pending' AND d.next_attempt_at <= ${now}
          AND (d.lease_until IS NULL OR d.lease_until <= ${now})
        ORDER BY d.next_attempt_at, d.id LIMIT ${room}`);
      const secrets =
        e.previous_secret && (e.previous_secret_expires_at ?? 0) > now
          ? [e.secret, e.previous_secret]
          : [e.secret];
      const headers = JSON.parse(e.headers) as Record<string, string>;
      for (const r of rows) {
        candidates.push({
          id: r.id,
          messageId: r.message_id,
          endpointId: e.id,
          attemptCount: r.attempt_count,
          url: e.url,
          payload: r.payload,
          headers,
          secrets,
          due: r.next_attempt_at,
        });
      }
    }
    const claimed = candidates.sort((a, b) => a.due - b.due || a.id - b.id).slice(0, limit);
    if (claimed.length === 0) return [];
    tx.update(webhookDeliveries)
      .set({ leaseUntil: now + leaseInMs })
      .where(
        inArray(
          webhookDeliveries.id,
          claimed.map((c) => c.id),
        ),
      )
      .run();
    return claimed.map(({ due: _, ...c }) => c);
  });
}

/** What an attempt's result means for the delivery. */
export type Verdict =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed'; disableEndpoint: boolean };

type Judge = { config: WebhookConfig; now: number; random: () => number };

/** Decides success, the next retry time (schedule, jitter, `Retry-After`) or giving up. */
export function judgeAttempt(result: SendResult, attemptsSoFar: number, opts: Judge): Verdict {
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

/** One finished attempt, waiting to be recorded. */
export type Finished = { delivery: ClaimedDelivery; result: SendResult; at: number };

/** What recording an attempt did: the verdict, and whether it disabled the endpoint (and why). */
export type Recorded = Verdict & { endpointDisabled?: DisabledReason };

type DisabledReason = 'gone' | 'failing';

/**
 * Records finished attempts in one transaction: each attempt is stored, its delivery moved on and its
 * endpoint's health kept. One commit for many attempts keeps fsyncs off the delivery rate. A delivery
 * deleted meanwhile is left alone.
 */
export function recordAttempts(
  db: Db,
  finished: Finished[],
  opts: { config: WebhookConfig; random: () => number },
): Recorded[] {
  return writeTx(db, (tx) => finished.map((f) => recordOne(tx, f, { ...opts, now: f.at })));
}

function recordOne(tx: Tx, { delivery: d, result }: Finished, opts: Judge): Recorded {
  const attempts = d.attemptCount + 1;
  const verdict = judgeAttempt(result, attempts, opts);
  const error =
    result.error ?? (verdict.status === 'delivered' ? null : `HTTP ${result.statusCode ?? 'no response'}`);
  const changed = tx
    .update(webhookDeliveries)
    .set({
      status: verdict.status,
      attemptCount: attempts,
      ...(verdict.status === 'pending' ? { nextAttemptAt: verdict.nextAttemptAt } : {}),
      leaseUntil: null,
      lastError: error,
      updatedAt: opts.now,
    })
    .where(eq(webhookDeliveries.id, d.id))
    .run().changes;
  if (changed === 0) return verdict;
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
  const disabled = trackHealth(tx, d.endpointId, verdict, opts);
  return disabled ? { ...verdict, endpointDisabled: disabled } : verdict;
}

/**
 * Success closes the circuit; failures open it for longer each time, and disable the endpoint in the end.
 * Returns the reason when this attempt disabled it.
 */
function trackHealth(
  tx: Tx,
  endpointId: string,
  verdict: Verdict,
  { config, now }: Judge,
): DisabledReason | undefined {
  if (verdict.status === 'delivered') {
    tx.update(webhookEndpoints)
      .set({ failingSince: null, consecutiveFailures: 0, circuitOpenUntil: null })
      .where(eq(webhookEndpoints.id, endpointId))
      .run();
    return undefined;
  }
  const e = tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).all()[0];
  if (!e) return undefined;
  const failures = e.consecutiveFailures + 1;
  const since = e.failingSince ?? now;
  const gone = verdict.status === 'failed' && verdict.disableEndpoint;
  const reason: DisabledReason | undefined = gone
    ? 'gone'
    : now - since >= config.disableAfterInMs
      ? 'failing'
      : undefined;
  tx.update(webhookEndpoints)
    .set({
      failingSince: since,
      consecutiveFailures: failures,
      circuitOpenUntil:
        now + Math.min(config.maxCircuitOpenInMs, CIRCUIT_BASE_IN_MS * 2 ** Math.min(failures - 1, 20)),
      ...(reason && e.enabled ? { enabled: false, disabledReason: reason, updatedAt: now } : {}),
    })
    .where(eq(webhookEndpoints.id, endpointId))
    .run();
  if (reason && e.enabled) {
    const data = { endpointId, url: e.url, reason, disabledAt: new Date(now).toISOString() };
    enqueueEvent(tx, { type: 'endpoint.disabled', timestamp: data.disabledAt, data }, now);
    return reason;
  }
  return undefined;
}
