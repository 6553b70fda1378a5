/**
 * Delivers the outbox. Due deliveries are leased in SQLite before sending, so a crash mid-send leaves a
 * lease that expires and the delivery is sent again (at-least-once), with the same `webhook-id`.
 */
import type { WebhookConfig } from '../config.ts';
import type { Db } from '../storage/db.ts';
import type { Cidr } from './cidr.ts';
import { type ClaimedDelivery, claimDue, recordAttempt } from './delivery-store.ts';
import { signatureHeader } from './secret.ts';
import { type SendResult, sendWebhook } from './send-webhook.ts';

export type DispatcherDeps = {
  db: Db;
  config: WebhookConfig;
  allow: Cidr[];
  log: (message: string, error?: unknown) => void;
  send?: typeof sendWebhook;
  now?: () => number;
  random?: () => number;
};

export type Dispatcher = { start(): void; wake(): void; stop(graceInMs?: number): Promise<void> };

const MAX_IN_FLIGHT = 64;
// A lease outlives one attempt (by as long again) before another dispatcher may take the delivery over;
// after a crash, what was in flight goes out again within 2 × the attempt timeout (30 s by default).
const LEASE_FACTOR = 2;

/** Creates the in-process dispatcher; `start()` begins the loop and `wake()` says new work is waiting. */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { db, config, log } = deps;
  const send = deps.send ?? sendWebhook;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  async function deliver(d: ClaimedDelivery): Promise<void> {
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
    });
    try {
      recordAttempt(db, d, result, { config, now: now(), random });
    } catch (err) {
      // The lease will expire and the delivery will be retried; nothing is lost.
      log(`webhook: could not record the attempt of ${d.messageId} to ${d.endpointId}`, err);
    }
  }

  async function waitForWork(): Promise<void> {
    if (woken) {
      woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, config.pollIntervalInMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
      if (inFlight.size > 0) void Promise.race(inFlight).then(wakeUp);
    });
    wakeUp = undefined;
    woken = false;
  }

  async function run(): Promise<void> {
    while (running) {
      let claimed: ClaimedDelivery[] = [];
      try {
        const room = MAX_IN_FLIGHT - inFlight.size;
        if (room > 0) {
          const lease = config.attemptTimeoutInMs * LEASE_FACTOR;
          claimed = claimDue(db, now(), room, lease, config.maxInFlightPerEndpoint);
        }
      } catch (err) {
        log('webhook: could not read the outbox', err);
      }
      for (const d of claimed) {
        const p = deliver(d)
          .catch((err) => log(`webhook: delivery of ${d.messageId} failed unexpectedly`, err))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (claimed.length === 0 || inFlight.size >= MAX_IN_FLIGHT) await waitForWork();
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
    },
  };
}
