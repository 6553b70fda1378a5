/**
 * The outbox's state changes on PostgreSQL, for any number of instances on one database. A turn records
 * what finished and leases more in one transaction. Leasing locks each endpoint's row (SKIP LOCKED: an
 * endpoint another instance is leasing for is left to it this turn), so the per-endpoint limit holds across
 * instances; `NO KEY UPDATE`, so the leads being stored, whose deliveries' foreign keys share-lock the row,
 * never wait for it), and takes due rows `FOR UPDATE SKIP LOCKED`. Times that decide ownership are the database's.
 * A lease counts against its endpoint only while its instance's heartbeat is fresh: a killed instance's
 * deliveries are due again within HEARTBEAT_STALE_IN_MS, not after the lease's full length. Recording
 * checks the lease's token, so an attempt whose lease was taken over writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { WebhookConfig } from '../config.ts';
import { dbNow, type PgDb, type PgTx } from '../storage/pg/db.ts';
import { instances, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../storage/pg/schema.ts';
import {
  type Claim,
  type Claimed,
  type ClaimedDelivery,
  type Finished,
  MAX_STORED_RESPONSE_IN_CHARS,
  type Outbox,
  type Recorded,
} from './delivery-store.ts';
import { healthAfter } from './endpoint-health.ts';
import { attemptError, judgeAttempt, type Verdict } from './judge-attempt.ts';
import { pgEnqueueEvent } from './outbox-pg.ts';

/** An instance whose heartbeat is older than this is taken for dead: its leases no longer hold. */
export const HEARTBEAT_STALE_IN_MS = 5_000;

type Opts = { config: WebhookConfig; random: () => number };

/** The outbox of instance `instanceId` (one per process) on `db`. */
export function pgOutbox(db: PgDb, instanceId: string): Outbox & { leave(): Promise<void> } {
  const record = (tx: PgTx, finished: Finished[], opts: Opts) => recordIn(tx, finished, opts);
  return {
    recordAndClaim: (finished, opts, claim) =>
      db.transaction(async (tx) => ({
        recorded: await record(tx, finished, opts),
        claimed: claim && (await claimIn(tx, instanceId, claim)),
      })),
    recordAttempts: (finished, opts) => db.transaction((tx) => record(tx, finished, opts)),
    // Another instance's leases are its own while its heartbeat is fresh; a dead one's stop counting by themselves.
    reclaim: async () => 0,
    /** This instance stops: its leases stop counting at once. */
    async leave() {
      await db.delete(instances).where(eq(instances.id, instanceId));
    },
  };
}

const live = (now: number) =>
  sql`(SELECT id FROM ${instances} WHERE ${instances.heartbeatAt} > ${now - HEARTBEAT_STALE_IN_MS})`;

async function claimIn(tx: PgTx, instanceId: string, claim: Claim): Promise<Claimed> {
  const { limit, leaseInMs, perEndpoint } = claim;
  const now = await dbNow(tx);
  await tx
    .insert(instances)
    .values({ id: instanceId, startedAt: now, heartbeatAt: now })
    .onConflictDoUpdate({ target: instances.id, set: { heartbeatAt: now } });
  const rows = await tx.execute<{
    id: string;
    url: string;
    headers: Record<string, string>;
    secret: string;
    previous_secret: string | null;
    previous_secret_expires_at: string | null;
    circuit_open_until: string | null;
    busy: string;
  }>(sql`
    SELECT e.id, e.url, e.headers, e.secret, e.previous_secret, e.previous_secret_expires_at,
           e.circuit_open_until,
           (SELECT count(*) FROM webhook_deliveries d
            WHERE d.endpoint_id = e.id AND d.lease_until IS NOT NULL AND d.lease_until > ${now}
              AND d.status = 'pending' AND d.lease_owner IN ${live(now)}) AS busy
    FROM webhook_endpoints e
    WHERE e.enabled
    FOR NO KEY UPDATE OF e SKIP LOCKED`);
  const endpoints = new Map<string, string>();
  const candidates: (ClaimedDelivery & { due: number })[] = [];
  for (const e of rows) {
    endpoints.set(e.id, e.url);
    if (e.circuit_open_until !== null && Number(e.circuit_open_until) > now) continue;
    const room = Math.min(perEndpoint - Number(e.busy), limit);
    if (room <= 0) continue;
    const due = await tx.execute<{
      id: string;
      message_id: string;
      attempt_count: number;
      next_attempt_at: string;
      payload: string;
    }>(sql`
      SELECT d.id, d.message_id, d.attempt_count, d.next_attempt_at, m.payload
      FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
      WHERE d.endpoint_id = ${e.id} AND d.status = 'pending' AND d.next_attempt_at <= ${now}
        AND (d.lease_until IS NULL OR d.lease_until <= ${now} OR d.lease_owner NOT IN ${live(now)})
      ORDER BY d.next_attempt_at, d.id
      LIMIT ${room}
      FOR UPDATE OF d SKIP LOCKED`);
    if (due.length === 0) continue;
    const secrets =
      e.previous_secret && Number(e.previous_secret_expires_at ?? 0) > now
        ? [e.secret, e.previous_secret]
        : [e.secret];
    for (const r of due) {
      candidates.push({
        id: Number(r.id),
        messageId: r.message_id,
        endpointId: e.id,
        attemptCount: r.attempt_count,
        url: e.url,
        payload: r.payload,
        headers: e.headers,
        secrets,
        due: Number(r.next_attempt_at),
      });
    }
  }
  const claimed = candidates.sort((a, b) => a.due - b.due || a.id - b.id).slice(0, limit);
  if (claimed.length === 0) return { deliveries: [], endpoints };
  const leaseToken = randomUUID();
  await tx
    .update(webhookDeliveries)
    .set({ leaseUntil: now + leaseInMs, leaseOwner: instanceId, leaseToken })
    .where(
      inArray(
        webhookDeliveries.id,
        claimed.map((c) => c.id),
      ),
    );
  return { deliveries: claimed.map(({ due: _, ...c }) => ({ ...c, leaseToken })), endpoints };
}

async function recordIn(tx: PgTx, finished: Finished[], opts: Opts): Promise<Recorded[]> {
  const byEndpoint = new Map<string, { verdict: Verdict; at: number; index: number }[]>();
  const recorded: Recorded[] = [];
  const rows = finished.map((f, index) => {
    const { delivery: d, result } = f;
    const attempts = d.attemptCount + 1;
    const verdict = judgeAttempt(result, attempts, { ...opts, now: f.at });
    recorded.push(verdict);
    return {
      index,
      id: d.id,
      messageId: d.messageId,
      endpointId: d.endpointId,
      token: d.leaseToken ?? null,
      status: verdict.status,
      attempts,
      nextAt: verdict.status === 'pending' ? verdict.nextAttemptAt : null,
      error: attemptError(result, verdict),
      at: f.at,
      attemptedAt: f.at - result.latencyMs,
      statusCode: result.statusCode ?? null,
      latencyMs: result.latencyMs,
      body: result.body.slice(0, MAX_STORED_RESPONSE_IN_CHARS),
    };
  });
  // One statement for the turn's attempts (two per attempt, each its own round trip, bounded delivery): each
  // delivery moved on while still ours (not taken over by another instance after our lease lapsed, nor
  // deleted), and an attempt stored for each one that was.
  const settled =
    rows.length === 0
      ? []
      : await tx.execute<{ index: number }>(sql`
          WITH f AS (
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS f(
              "index" int, id bigint, "messageId" text, "endpointId" text, token text, status text,
              attempts int, "nextAt" bigint, error text, at bigint, "attemptedAt" bigint, "statusCode" int,
              "latencyMs" int, body text)
          ),
          settled AS (
            UPDATE ${webhookDeliveries} d
            SET status = f.status, attempt_count = f.attempts,
                next_attempt_at = COALESCE(f."nextAt", d.next_attempt_at),
                lease_until = NULL, lease_owner = NULL, lease_token = NULL, last_error = f.error,
                updated_at = f.at
            FROM f
            WHERE d.id = f.id AND (f.token IS NULL OR d.lease_token = f.token)
            RETURNING f."index"
          ),
          stored AS (
            INSERT INTO ${webhookAttempts}
              (delivery_id, message_id, endpoint_id, attempted_at, status_code, latency_ms, response_body, error)
            SELECT f.id, f."messageId", f."endpointId", f."attemptedAt", f."statusCode", f."latencyMs", f.body,
                   f.error
            FROM f JOIN settled s ON s."index" = f."index"
            ORDER BY f."index"
          )
          SELECT "index" FROM settled ORDER BY "index"`);
  for (const { index } of settled) {
    const { delivery: d, at } = finished[index] as Finished;
    const list = byEndpoint.get(d.endpointId) ?? [];
    list.push({ verdict: recorded[index] as Verdict, at, index });
    byEndpoint.set(d.endpointId, list);
  }
  // In id order, so two instances recording for the same endpoints lock them in one order (no deadlock).
  for (const endpointId of [...byEndpoint.keys()].sort()) {
    const verdicts = byEndpoint.get(endpointId) ?? [];
    // Locked: health is read and written by one instance at a time, so a disable happens (and is told) once.
    const [e] = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpointId))
      // NO KEY UPDATE: it waits for another instance's health write, not for the leads being stored (their
      // deliveries' foreign keys hold KEY SHARE locks on this row).
      .for('no key update');
    if (!e) continue;
    const { write, disabled } = healthAfter(e, verdicts, opts.config);
    if (write) {
      await tx
        .update(webhookEndpoints)
        .set({
          failingSince: write.failingSince,
          consecutiveFailures: write.consecutiveFailures,
          circuitOpenUntil: write.circuitOpenUntil,
        })
        .where(eq(webhookEndpoints.id, endpointId));
    }
    if (!disabled) continue;
    await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: disabled.reason, updatedAt: disabled.at })
      .where(eq(webhookEndpoints.id, endpointId));
    await pgEnqueueEvent(tx, disabled.event, disabled.at);
    recorded[disabled.index] = {
      ...(recorded[disabled.index] as Recorded),
      endpointDisabled: disabled.reason,
    };
  }
  return recorded;
}
