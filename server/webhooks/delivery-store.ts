/** The outbox's state changes: leasing due deliveries and recording each attempt's result. */
import type Database from 'better-sqlite3';
import type { WebhookConfig } from '../config.ts';
import { type Db, preparedOnce, type Tx, writeTx } from '../storage/db.ts';
import { type DisabledReason, healthAfter } from './endpoint-health.ts';
import { attemptError, type Judge, judgeAttempt, type Verdict } from './judge-attempt.ts';
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
  /** The lease's token, where the store checks it when recording (PostgreSQL). */
  leaseToken?: string;
};

export const MAX_STORED_RESPONSE_IN_CHARS = 4096;

type EndpointRow = {
  id: string;
  url: string;
  headers: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  circuit_open_until: number | null;
  busy: number;
};

type DueRow = {
  id: number;
  message_id: string;
  attempt_count: number;
  next_attempt_at: number;
  payload: string;
};

type HealthRow = {
  url: string;
  enabled: number;
  failing_since: number | null;
  consecutive_failures: number;
  circuit_open_until: number | null;
};

/** What to lease: up to `limit` deliveries, at most `perEndpoint` in flight per endpoint, for `leaseInMs`. */
export type Claim = { now: number; limit: number; leaseInMs: number; perEndpoint: number };

/** The leased deliveries, and every enabled endpoint's URL by id (the connections worth keeping). */
export type Claimed = { deliveries: ClaimedDelivery[]; endpoints: Map<string, string> };

// The dispatcher's statements, prepared once per connection (building and preparing them on every call was
// a quarter of its time), in plain SQL for the one that needs INDEXED BY.
function prepare(sqlite: Database.Database) {
  return {
    endpoints: sqlite.prepare<[now: number], EndpointRow>(`
      SELECT e.id, e.url, e.headers, e.secret, e.previous_secret, e.previous_secret_expires_at,
             e.circuit_open_until,
             -- Only the few leased rows: left to itself the planner walks the endpoint's whole queue.
             (SELECT count(*) FROM webhook_deliveries d INDEXED BY deliveries_leased
              WHERE d.endpoint_id = e.id AND d.lease_until IS NOT NULL AND d.lease_until > ?
                AND d.status = 'pending') AS busy
      FROM webhook_endpoints e
      WHERE e.enabled = 1`),
    due: sqlite.prepare<[{ endpointId: string; now: number; limit: number }], DueRow>(`
      SELECT d.id, d.message_id, d.attempt_count, d.next_attempt_at, m.payload
      FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
      WHERE d.endpoint_id = @endpointId AND d.status = 'pending' AND d.next_attempt_at <= @now
        AND (d.lease_until IS NULL OR d.lease_until <= @now)
      ORDER BY d.next_attempt_at, d.id LIMIT @limit`),
    lease: sqlite.prepare<[leaseUntil: number, id: number]>(
      'UPDATE webhook_deliveries SET lease_until = ? WHERE id = ?',
    ),
    settle: sqlite.prepare<
      [status: string, attempts: number, next: number | null, error: string | null, now: number, id: number]
    >(`
      UPDATE webhook_deliveries
      SET status = ?, attempt_count = ?, next_attempt_at = coalesce(?, next_attempt_at),
          lease_until = NULL, last_error = ?, updated_at = ?
      WHERE id = ?`),
    attempt: sqlite.prepare<[number, string, string, number, number | null, number, string, string | null]>(`
      INSERT INTO webhook_attempts (delivery_id, message_id, endpoint_id, attempted_at, status_code,
                                    latency_ms, response_body, error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    health: sqlite.prepare<[id: string], HealthRow>(`
      SELECT url, enabled, failing_since, consecutive_failures, circuit_open_until
      FROM webhook_endpoints WHERE id = ?`),
    setHealth: sqlite.prepare<[since: number | null, failures: number, openUntil: number | null, id: string]>(
      'UPDATE webhook_endpoints SET failing_since = ?, consecutive_failures = ?, circuit_open_until = ? WHERE id = ?',
    ),
    disable: sqlite.prepare<[reason: string, now: number, id: string]>(
      'UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ?',
    ),
  };
}

const statements = preparedOnce((conn) => prepare(conn.$client));
type Statements = ReturnType<typeof prepare>;

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
  return writeTx(db, () => claimIn(statements(db), { now, limit, leaseInMs, perEndpoint })).deliveries;
}

function claimIn(s: Statements, { now, limit, leaseInMs, perEndpoint }: Claim): Claimed {
  const endpoints = new Map<string, string>();
  const candidates: (ClaimedDelivery & { due: number })[] = [];
  for (const e of s.endpoints.all(now)) {
    endpoints.set(e.id, e.url);
    if (e.circuit_open_until !== null && e.circuit_open_until > now) continue;
    const room = Math.min(perEndpoint - e.busy, limit);
    if (room <= 0) continue;
    const rows = s.due.all({ endpointId: e.id, now, limit: room });
    if (rows.length === 0) continue;
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
  for (const c of claimed) s.lease.run(now + leaseInMs, c.id);
  return { deliveries: claimed.map(({ due: _, ...c }) => c), endpoints };
}

/** One finished attempt, waiting to be recorded. */
export type Finished = { delivery: ClaimedDelivery; result: SendResult; at: number };

/** What recording an attempt did: the verdict, and whether it disabled the endpoint (and why). */
export type Recorded = Verdict & { endpointDisabled?: DisabledReason };

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
  return writeTx(db, (tx) => recordIn(statements(db), tx, finished, opts));
}

/**
 * Records `finished` and then, when `claim` is given, leases more, in one `BEGIN IMMEDIATE` transaction
 * and so one fsync: the dispatcher's whole turn. The slots the recorded attempts held are free for the
 * claim. If anything throws, nothing is written: leases expire and those deliveries go out again.
 */
export function recordAndClaim(
  db: Db,
  finished: Finished[],
  opts: { config: WebhookConfig; random: () => number },
  claim: Claim | undefined,
): { recorded: Recorded[]; claimed: Claimed | undefined } {
  const s = statements(db);
  return writeTx(db, (tx) => ({
    recorded: recordIn(s, tx, finished, opts),
    claimed: claim && claimIn(s, claim),
  }));
}

function recordIn(
  s: Statements,
  tx: Tx,
  finished: Finished[],
  opts: { config: WebhookConfig; random: () => number },
): Recorded[] {
  // Each endpoint's verdicts in order, for one health update per endpoint per batch.
  const byEndpoint = new Map<string, { verdict: Verdict; at: number; index: number }[]>();
  const recorded: Recorded[] = finished.map((f, index) => {
    const { verdict, stored } = recordOne(s, f, { ...opts, now: f.at });
    if (!stored) return verdict;
    const list = byEndpoint.get(f.delivery.endpointId) ?? [];
    list.push({ verdict, at: f.at, index });
    byEndpoint.set(f.delivery.endpointId, list);
    return verdict;
  });
  for (const [endpointId, verdicts] of byEndpoint) {
    const disabled = trackHealth(s, tx, endpointId, verdicts, opts.config);
    if (disabled) {
      const r = recorded[disabled.index] as Recorded;
      recorded[disabled.index] = { ...r, endpointDisabled: disabled.reason };
    }
  }
  return recorded;
}

/** Stores the attempt and moves its delivery on; `stored` is false when the delivery is gone. */
function recordOne(
  s: Statements,
  { delivery: d, result }: Finished,
  opts: Judge,
): { verdict: Verdict; stored: boolean } {
  const attempts = d.attemptCount + 1;
  const verdict = judgeAttempt(result, attempts, opts);
  const error = attemptError(result, verdict);
  const next = verdict.status === 'pending' ? verdict.nextAttemptAt : null;
  if (s.settle.run(verdict.status, attempts, next, error, opts.now, d.id).changes === 0) {
    return { verdict, stored: false };
  }
  s.attempt.run(
    d.id,
    d.messageId,
    d.endpointId,
    opts.now - result.latencyMs,
    result.statusCode ?? null,
    result.latencyMs,
    result.body.slice(0, MAX_STORED_RESPONSE_IN_CHARS),
    error,
  );
  return { verdict, stored: true };
}

/**
 * Keeps an endpoint's health through a batch's verdicts: written once (not at all when nothing changed, so a
 * healthy endpoint's successes cost no write); an endpoint this disabled says so in an `endpoint.disabled`
 * event. Returns which attempt disabled it, and why.
 */
function trackHealth(
  s: Statements,
  tx: Tx,
  endpointId: string,
  verdicts: { verdict: Verdict; at: number; index: number }[],
  config: WebhookConfig,
): { index: number; reason: DisabledReason } | undefined {
  const e = s.health.get(endpointId);
  if (!e) return undefined;
  const { write, disabled } = healthAfter(
    {
      id: endpointId,
      url: e.url,
      enabled: e.enabled === 1,
      consecutiveFailures: e.consecutive_failures,
      failingSince: e.failing_since,
      circuitOpenUntil: e.circuit_open_until,
    },
    verdicts,
    config,
  );
  if (write)
    s.setHealth.run(write.failingSince, write.consecutiveFailures, write.circuitOpenUntil, endpointId);
  if (!disabled) return undefined;
  s.disable.run(disabled.reason, disabled.at, endpointId);
  enqueueEvent(tx, disabled.event, disabled.at);
  return { index: disabled.index, reason: disabled.reason };
}

/** The outbox as the dispatcher sees it: a turn's records and leases, and the records at stop. */
export interface Outbox {
  /** Records `finished` and, when `claim` is given, leases more: one transaction, all or nothing. */
  recordAndClaim(
    finished: Finished[],
    opts: { config: WebhookConfig; random: () => number },
    claim: Claim | undefined,
  ): Promise<{ recorded: Recorded[]; claimed: Claimed | undefined }>;
  /**
   * Frees the leases no live dispatcher holds, before the first turn: on SQLite, one process owns the file,
   * so at start every lease is a dead process's; on PostgreSQL, heartbeats tell, and this frees nothing.
   */
  reclaim(): Promise<number>;
  /** Records `finished` in one transaction. */
  recordAttempts(
    finished: Finished[],
    opts: { config: WebhookConfig; random: () => number },
  ): Promise<Recorded[]>;
}

/** The outbox over one SQLite connection. */
export function sqliteOutbox(db: Db): Outbox {
  return {
    recordAndClaim: async (finished, opts, claim) => recordAndClaim(db, finished, opts, claim),
    recordAttempts: async (finished, opts) => recordAttempts(db, finished, opts),
    reclaim: async () =>
      writeTx(
        db,
        (tx) =>
          tx.$client
            .prepare(
              "UPDATE webhook_deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL AND status = 'pending'",
            )
            .run().changes,
      ),
  };
}
