/**
 * The daily digest: once a UTC day is over, each enabled endpoint subscribed to `digest.daily` (an email
 * destination, or a webhook) is sent that day's leads counted per form and tier, through the outbox. The
 * message id names the endpoint and the day, so however many times the job runs (or restarts) a day's
 * digest is queued once.
 */
import type { DailyDigestData, WebhookEvent } from '../../shared/events.ts';
import { utcDay } from '../days.ts';
import type { LeadStore } from '../leads/store.ts';
import type { Logger } from '../log/logger.ts';
import type { DeliveryLog } from '../webhooks/delivery-actions.ts';
import type { EndpointStore } from '../webhooks/endpoint-store.ts';

const DAY_IN_MS = 24 * 60 * 60 * 1000;
export const DIGEST_EVERY_IN_MS = 15 * 60 * 1000;

type Stores = { endpoints: EndpointStore; leads: LeadStore; deliveries: DeliveryLog };

/** Queues yesterday's (UTC) digest for each subscriber that had leads and has none for it yet; returns how many. */
export async function enqueueDailyDigests(stores: Stores, now = Date.now()): Promise<number> {
  const subscribers = (await stores.endpoints.list()).filter(
    (e) => e.enabled && e.events.includes('digest.daily'),
  );
  if (subscribers.length === 0) return 0;
  const since = Math.floor(now / DAY_IN_MS) * DAY_IN_MS - DAY_IN_MS;
  const day = utcDay(since);
  const counts = await stores.leads.countByFormAndTier(since, since + DAY_IN_MS - 1);
  let queued = 0;
  for (const endpoint of subscribers) {
    const forms = new Map<string, DailyDigestData['forms'][number]>();
    for (const row of counts) {
      if (endpoint.formIds && !endpoint.formIds.includes(row.formId)) continue;
      const form = forms.get(row.formId) ?? { formId: row.formId, leads: 0, tiers: {} };
      form.leads += row.count;
      form.tiers[row.tier] = row.count;
      forms.set(row.formId, form);
    }
    const total = [...forms.values()].reduce((sum, f) => sum + f.leads, 0);
    // No leads, no email: a digest that says nothing teaches people to ignore it.
    if (total === 0) continue;
    const event: WebhookEvent<'digest.daily'> = {
      type: 'digest.daily',
      timestamp: new Date(now).toISOString(),
      data: { day, total, forms: [...forms.values()] },
    };
    const messageId = `msg_digest${day.replaceAll('-', '')}${endpoint.id.replace(/^ep_/, '')}`;
    if (await stores.deliveries.enqueueOnce(messageId, endpoint.id, event, now)) queued++;
  }
  return queued;
}

/** Runs `enqueueDailyDigests` now and every `everyInMs`; `onQueued` wakes the dispatcher. */
export function scheduleDigests(deps: {
  stores: Stores;
  logger: Logger;
  onQueued: () => void;
  everyInMs?: number;
  /** Whether this instance runs the job now (another may hold it); always, by default. */
  mayRun?: () => Promise<boolean>;
}): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    const mayRun = deps.mayRun ?? (async () => true);
    running = mayRun()
      .then((may) => (may ? enqueueDailyDigests(deps.stores) : 0))
      .then(
        (queued) => {
          if (queued === 0) return;
          deps.logger.info({ queued }, 'daily digests queued');
          deps.onQueued();
        },
        (err) => deps.logger.error({ err }, 'could not queue the daily digests'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  run();
  const timer = setInterval(run, deps.everyInMs ?? DIGEST_EVERY_IN_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
