/** Retention per form: leads older than the form's `retentionDays` are erased, on a schedule. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FormStore } from '../forms/form-store.ts';
import type { Logger } from '../log/logger.ts';
import type { LeadStore } from './store.ts';

const DAY_IN_MS = 24 * 60 * 60 * 1000;
/** Leads erased per transaction: small enough that submissions never wait long for the write lock. */
export const RETENTION_BATCH = 100;
export const RETENTION_EVERY_IN_MS = 60 * 60 * 1000;

export type RetentionOptions = {
  now?: number;
  batchSize?: number;
  /** Checked between batches: a server shutting down stops the sweep there. */
  stopped?: () => boolean;
};

/**
 * Erases every lead older than its form's current `retentionDays` (archived forms included: their leads
 * stay until then), each with `lead.erased`, a batch per transaction, yielding to the event loop between
 * batches so requests and deliveries go on during a large backlog. Returns how many were erased.
 */
export async function eraseExpiredLeads(
  stores: { forms: FormStore; leads: LeadStore },
  options: RetentionOptions = {},
): Promise<number> {
  const { now = Date.now(), batchSize = RETENTION_BATCH, stopped = () => false } = options;
  let erased = 0;
  for (const form of await stores.forms.list()) {
    const days = form.definition.retentionDays;
    if (days === undefined) continue;
    // Older than `days`: created strictly before the cut-off.
    const filter = { formId: form.id, until: now - days * DAY_IN_MS - 1 };
    for (;;) {
      if (stopped()) return erased;
      const batch = await stores.leads.eraseMatching(filter, batchSize, now);
      erased += batch.length;
      if (batch.length < batchSize) break;
      await nextTurn();
    }
  }
  return erased;
}

export type RetentionJob = { stop(): Promise<void> };

/** Runs `eraseExpiredLeads` now and every `everyInMs`; `onErased` wakes the dispatcher for `lead.erased`. */
export function scheduleRetention(deps: {
  stores: { forms: FormStore; leads: LeadStore };
  logger: Logger;
  onErased: () => void;
  everyInMs?: number;
  /** Whether this instance runs the job now (another may hold it); always, by default. */
  mayRun?: () => Promise<boolean>;
}): RetentionJob {
  let stopping = false;
  let sweep: Promise<void> | undefined;
  const run = () => {
    // One sweep at a time: one still going when the next is due just carries on.
    if (sweep || stopping) return;
    const mayRun = deps.mayRun ?? (async () => true);
    sweep = mayRun()
      .then((may) => (may ? eraseExpiredLeads(deps.stores, { stopped: () => stopping }) : 0))
      .then(
        (erased) => {
          if (erased === 0) return;
          deps.logger.info({ erased }, 'leads erased past their retention');
          deps.onErased();
        },
        (err) => deps.logger.error({ err }, 'could not erase leads past their retention'),
      )
      .finally(() => {
        sweep = undefined;
      });
  };
  run();
  const timer = setInterval(run, deps.everyInMs ?? RETENTION_EVERY_IN_MS);
  timer.unref();
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await sweep;
    },
  };
}
