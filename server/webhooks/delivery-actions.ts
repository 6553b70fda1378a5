/** What an operator can do about deliveries: look at them, send one again, replay failures, send a test. */
import { and, between, desc, eq, gte, lt } from 'drizzle-orm';
import { TEST_EVENT, type WebhookEvent } from '../../shared/events.ts';
import { type Db, writeTx } from '../storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookMessages } from '../storage/schema.ts';
import { type MessageRecord, messagesAbout } from './lead-messages.ts';
import { enqueueEvent } from './outbox.ts';

const PAGE_SIZE = 100;
const iso = (ms: number) => new Date(ms).toISOString();

/** One row of the delivery log. */
export type AttemptView = {
  id: number;
  messageId: string;
  endpointId: string;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  responseBody: string | null;
  error: string | null;
};

/** The latest attempts of an endpoint, or of one message (newest first; `before` pages on). */
export function listAttempts(
  db: Db,
  filter: { endpointId?: string; messageId?: string; before?: number },
): AttemptView[] {
  return db
    .select()
    .from(webhookAttempts)
    .where(
      and(
        filter.endpointId ? eq(webhookAttempts.endpointId, filter.endpointId) : undefined,
        filter.messageId ? eq(webhookAttempts.messageId, filter.messageId) : undefined,
        filter.before ? lt(webhookAttempts.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(webhookAttempts.id))
    .limit(PAGE_SIZE)
    .all()
    .map(({ deliveryId: _, attemptedAt, ...a }) => ({ ...a, attemptedAt: iso(attemptedAt) }));
}

/**
 * When each endpoint last answered 2xx, by the attempts log (not kept on the endpoint, which the
 * dispatcher leaves unwritten while it stays healthy). Read through the (endpoint, time) index, newest
 * first, so it stops at the latest success.
 */
export function lastSuccesses(db: Db, endpointIds: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const id of endpointIds) {
    const row = db
      .select({ at: webhookAttempts.attemptedAt })
      .from(webhookAttempts)
      .where(and(eq(webhookAttempts.endpointId, id), between(webhookAttempts.statusCode, 200, 299)))
      .orderBy(desc(webhookAttempts.attemptedAt))
      .limit(1)
      .all()[0];
    if (row) found.set(id, iso(row.at));
  }
  return found;
}

/** Messages owed to an endpoint with their delivery state (newest first), optionally by status. */
export function listDeliveries(db: Db, endpointId: string, status?: 'pending' | 'delivered' | 'failed') {
  return db
    .select({
      messageId: webhookDeliveries.messageId,
      eventType: webhookMessages.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attemptCount,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        status ? eq(webhookDeliveries.status, status) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(PAGE_SIZE)
    .all()
    .map(toDeliveryView);
}

/** A delivery row as the API shows it: times in ISO 8601, the next attempt only while one is owed. */
export function toDeliveryView<D extends { status: string; nextAttemptAt: number; createdAt: number }>(d: D) {
  return {
    ...d,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: iso(d.createdAt),
  };
}

/** Sends one message to an endpoint again, now, with a fresh retry schedule; false if there is no such message. */
export function redeliver(db: Db, endpointId: string, messageId: string, now = Date.now()): boolean {
  return writeTx(db, (tx) => {
    if (
      tx
        .select({ id: webhookMessages.id })
        .from(webhookMessages)
        .where(eq(webhookMessages.id, messageId))
        .all().length === 0
    ) {
      return false;
    }
    const again = {
      status: 'pending' as const,
      attemptCount: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      updatedAt: now,
    };
    const changed = tx
      .update(webhookDeliveries)
      .set(again)
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.messageId, messageId)))
      .run().changes;
    // A message from before the endpoint subscribed can be sent to it too.
    if (changed === 0)
      tx.insert(webhookDeliveries)
        .values({ ...again, messageId, endpointId, createdAt: now })
        .run();
    return true;
  });
}

/** Sends every message that failed for good to this endpoint since `since` again; returns how many. */
export function replayFailed(db: Db, endpointId: string, since: number, now = Date.now()): number {
  return writeTx(
    db,
    (tx) =>
      tx
        .update(webhookDeliveries)
        .set({ status: 'pending', attemptCount: 0, nextAttemptAt: now, leaseUntil: null, updatedAt: now })
        .where(
          and(
            eq(webhookDeliveries.endpointId, endpointId),
            eq(webhookDeliveries.status, 'failed'),
            gte(webhookDeliveries.createdAt, since),
          ),
        )
        .run().changes,
  );
}

/** Queues a `webhook.test` event for this endpoint alone; returns its message id. */
export function sendTestEvent(db: Db, endpointId: string, now = Date.now()): string {
  return writeTx(db, (tx) => {
    const event = {
      type: TEST_EVENT,
      timestamp: iso(now),
      data: {
        endpointId,
        message: 'A test event from Leadgate. Verify its signature as you would any other.',
      },
    } as const;
    return enqueueEvent(tx, event, now, { endpointId }).messageId;
  });
}

/** Queues `event` for one endpoint as message `messageId`, unless that message exists; true when queued now. */
export function enqueueOnce(
  db: Db,
  messageId: string,
  endpointId: string,
  event: WebhookEvent,
  now = Date.now(),
): boolean {
  return writeTx(db, (tx) => {
    const exists = tx
      .select({ id: webhookMessages.id })
      .from(webhookMessages)
      .where(eq(webhookMessages.id, messageId))
      .all();
    if (exists.length > 0) return false;
    enqueueEvent(tx, event, now, { endpointId, messageId });
    return true;
  });
}

/** The delivery log and what an operator can do about it, as the rest of the server sees them. */
export interface DeliveryLog {
  /** Queues `event` for one endpoint as message `messageId`, once: false when that message exists. */
  enqueueOnce(messageId: string, endpointId: string, event: WebhookEvent, now?: number): Promise<boolean>;
  /** The latest attempts of an endpoint, or of one message (newest first; `before` pages on). */
  listAttempts(filter: { endpointId?: string; messageId?: string; before?: number }): Promise<AttemptView[]>;
  /** Messages owed to an endpoint with their delivery state (newest first), optionally by status. */
  listDeliveries(
    endpointId: string,
    status?: 'pending' | 'delivered' | 'failed',
  ): Promise<ReturnType<typeof listDeliveries>>;
  /** Sends one message to an endpoint again, now; false if there is no such message. */
  redeliver(endpointId: string, messageId: string, now?: number): Promise<boolean>;
  /** Sends every message that failed for good to this endpoint since `since` again; returns how many. */
  replayFailed(endpointId: string, since: number, now?: number): Promise<number>;
  /** Queues a `webhook.test` event for this endpoint alone; returns its message id. */
  sendTestEvent(endpointId: string, now?: number): Promise<string>;
  /** When each of these endpoints last answered 2xx (ISO time), by the attempts log; absent if never. */
  lastSuccesses(endpointIds: string[]): Promise<Map<string, string>>;
  /** Every message about each of `leadIds`, oldest first, with deliveries and attempts; keyed by lead id. */
  messagesAbout(leadIds: string[]): Promise<Map<string, MessageRecord[]>>;
}

/** The delivery log over one SQLite connection. */
export function sqliteDeliveryLog(db: Db): DeliveryLog {
  return {
    listAttempts: async (filter) => listAttempts(db, filter),
    listDeliveries: async (endpointId, status) => listDeliveries(db, endpointId, status),
    redeliver: async (endpointId, messageId, now) => redeliver(db, endpointId, messageId, now),
    replayFailed: async (endpointId, since, now) => replayFailed(db, endpointId, since, now),
    sendTestEvent: async (endpointId, now) => sendTestEvent(db, endpointId, now),
    messagesAbout: async (leadIds) => messagesAbout(db, leadIds),
    lastSuccesses: async (endpointIds) => lastSuccesses(db, endpointIds),
    enqueueOnce: async (messageId, endpointId, event, now) =>
      enqueueOnce(db, messageId, endpointId, event, now),
  };
}
