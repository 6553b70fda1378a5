/**
 * Delivers the outbox. Due deliveries are leased in the database before sending, so a crash mid-send leaves a
 * lease that expires and the delivery is sent again (at-least-once), with the same `webhook-id`.
 */
import type { WebhookConfig } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import { type Mailer, noMailer } from '../notifications/mailer.ts';
import { isMailto } from '../notifications/mailto.ts';
import type { Cidr } from './cidr.ts';
import type { ClaimedDelivery, Finished, Outbox, Recorded } from './delivery-store.ts';
import { createEndpointAgents } from './endpoint-agents.ts';
import { signatureHeader } from './secret.ts';
import { type SendResult, sendWebhook } from './send-webhook.ts';

export type DispatcherDeps = {
  outbox: Outbox;
  config: WebhookConfig;
  allow: Cidr[];
  logger: Logger;
  send?: typeof sendWebhook;
  /** Sends deliveries to email destinations (`mailto:` endpoints); without it they fail and retry. */
  mailer?: Mailer;
  now?: () => number;
  random?: () => number;
};

export type Dispatcher = { start(): void; wake(): void; stop(graceInMs?: number): Promise<void> };

// Attempts in flight across all endpoints: room for several endpoints at their own limit at once.
const MIN_IN_FLIGHT = 64;
const ENDPOINTS_AT_FULL_SPEED = 4;
// A lease outlives one attempt (by as long again) before another dispatcher may take the delivery over;
// after a crash, what was in flight goes out again within 2 × the attempt timeout (30 s by default).
const LEASE_FACTOR = 2;
const COALESCE_IN_MS = 2;

/** Creates the in-process dispatcher; `start()` begins the loop and `wake()` says new work is waiting. */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { outbox, config, logger } = deps;
  const send = deps.send ?? sendWebhook;
  const mailer = deps.mailer ?? noMailer;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(MIN_IN_FLIGHT, ENDPOINTS_AT_FULL_SPEED * config.maxInFlightPerEndpoint);
  const agents = createEndpointAgents({ allow: deps.allow, perEndpoint: config.maxInFlightPerEndpoint });
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  // Attempts done but not yet recorded: the loop records them together, in one transaction.
  const finished: Finished[] = [];

  /** Records what finished, on its own (at stop). */
  async function flush(): Promise<void> {
    if (finished.length === 0) return;
    const batch = finished.splice(0);
    try {
      logAttempts(batch, await outbox.recordAttempts(batch, { config, random }));
    } catch (err) {
      // Their leases will expire and the deliveries will be retried; nothing is lost.
      logger.error({ err, attempts: batch.length }, 'webhook: could not record attempts');
    }
  }

  /** One turn: records what finished and leases what there is room for, in one transaction. */
  async function recordAndLease(room: number): Promise<ClaimedDelivery[]> {
    const batch = finished.splice(0);
    if (batch.length === 0 && room <= 0) return [];
    const claim =
      room > 0
        ? {
            now: now(),
            limit: room,
            leaseInMs: config.attemptTimeoutInMs * LEASE_FACTOR,
            perEndpoint: config.maxInFlightPerEndpoint,
          }
        : undefined;
    try {
      const { recorded, claimed } = await outbox.recordAndClaim(batch, { config, random }, claim);
      logAttempts(batch, recorded);
      if (!claimed) return [];
      // Connections to endpoints disabled, deleted or moved since the last turn are closed.
      agents.retain(claimed.endpoints);
      return claimed.deliveries;
    } catch (err) {
      // Nothing was written: the leases of these attempts will expire and they will be sent again.
      logger.error({ err, attempts: batch.length }, 'webhook: could not record attempts or read the outbox');
      return [];
    }
  }

  function logAttempts(batch: Finished[], recorded: Recorded[]): void {
    recorded.forEach((r, i) => {
      logAttempt(batch[i] as Finished, r);
    });
  }

  // Ids, status and error only: the URL may carry a token and the payload is a person's data.
  function logAttempt({ delivery: d, result }: Finished, r: Recorded): void {
    const ids = { endpointId: d.endpointId, messageId: d.messageId, attempt: d.attemptCount + 1 };
    if (r.status === 'delivered') {
      logger.debug({ ...ids, status: result.statusCode, latencyMs: result.latencyMs }, 'webhook delivered');
    } else {
      logger.warn(
        {
          ...ids,
          ...(result.statusCode === undefined ? {} : { status: result.statusCode }),
          ...(result.error ? { error: result.error } : {}),
          ...(r.status === 'pending'
            ? { nextAttemptAt: new Date(r.nextAttemptAt).toISOString() }
            : { gaveUp: true }),
        },
        'webhook delivery failed',
      );
    }
    if (r.endpointDisabled) {
      logger.warn({ endpointId: d.endpointId, reason: r.endpointDisabled }, 'webhook endpoint disabled');
    }
  }

  async function deliver(d: ClaimedDelivery): Promise<void> {
    if (isMailto(d.url)) {
      finished.push({ delivery: d, result: await mailer.send(d), at: now() });
      return;
    }
    const timestamp = Math.floor(now() / 1000);
    const headers = {
      // The subscriber's own headers first: the signature headers must not be overridable.
      ...d.headers,
      'content-type': 'application/json',
      'webhook-id': d.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(d.secrets, d.messageId, timestamp, d.payload),
    };
    const result: SendResult = await send({
      url: d.url,
      headers,
      body: d.payload,
      timeoutMs: config.attemptTimeoutInMs,
      allow: deps.allow,
      agent: agents.agentFor(d.endpointId, d.url),
    });
    finished.push({ delivery: d, result, at: now() });
  }

  async function waitForWork(): Promise<void> {
    if (woken) {
      woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      // Each wait has its own `finish`: a wake-up meant for an earlier wait must not end this one.
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, config.pollIntervalInMs);
      wakeUp = finish;
      // A finished attempt frees a slot; wait a moment for others to finish too, and claim for them all at once.
      if (inFlight.size > 0) void Promise.race(inFlight).then(() => setTimeout(finish, COALESCE_IN_MS));
    });
    wakeUp = undefined;
    woken = false;
  }

  async function run(): Promise<void> {
    try {
      const freed = await outbox.reclaim();
      if (freed > 0) logger.info({ deliveries: freed }, 'webhook: leases of a stopped process freed');
    } catch (err) {
      logger.error({ err }, 'webhook: could not free old leases; they will expire');
    }
    while (running) {
      const room = maxInFlight - inFlight.size;
      const claimed = await recordAndLease(room);
      for (const d of claimed) {
        const p = deliver(d)
          .catch((err) =>
            logger.error({ err, messageId: d.messageId }, 'webhook: delivery failed unexpectedly'),
          )
          .finally(() => {
            inFlight.delete(p);
            // Nothing left to wait for: record and claim at once rather than after the coalescing pause.
            if (inFlight.size === 0) wakeUp?.();
          });
        inFlight.add(p);
      }
      // A full batch means more may be due at once; otherwise the next work is a wake-up or the next poll.
      if (claimed.length < room || room <= 0) await waitForWork();
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop(graceInMs = 5_000) {
      running = false;
      wakeUp?.();
      await loop;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceInMs);
      });
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      clearTimeout(timer);
      await flush();
      agents.destroy();
      mailer.close();
    },
  };
}
