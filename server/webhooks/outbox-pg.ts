/**
 * The outbox on PostgreSQL, in the caller's transaction: an event stored as a message and owed to every
 * enabled endpoint that wants it; and what erasure asks, to forget a lead's messages. Storing a delivery
 * also notifies every instance (`NOTIFY leadgate_outbox`, delivered at COMMIT), so each dispatcher wakes.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { WebhookEvent } from '../../shared/events.ts';
import { newId } from '../ids.ts';
import type { PgConn } from '../storage/pg/db.ts';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookMessages,
} from '../storage/pg/schema.ts';
import { type EnqueueOptions, MAX_PAYLOAD_IN_BYTES, PayloadTooLargeError, subscribesTo } from './outbox.ts';

/** The channel every instance listens on for new deliveries. */
export const OUTBOX_CHANNEL = 'leadgate_outbox';

/** Stores `event` and owes it to its subscribers; `null` when `options.messageId` exists already. */
export async function pgEnqueueEvent(
  tx: PgConn,
  event: WebhookEvent,
  now: number,
  options: EnqueueOptions = {},
): Promise<{ messageId: string; deliveries: number } | null> {
  const payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_IN_BYTES) {
    throw new PayloadTooLargeError(`A ${event.type} payload may be at most ${MAX_PAYLOAD_IN_BYTES} bytes.`);
  }
  const messageId = options.messageId ?? newId('msg', now);
  const stored = await tx
    .insert(webhookMessages)
    .values({
      id: messageId,
      eventType: event.type,
      formId: options.formId ?? null,
      leadId: options.leadId ?? null,
      payload,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: webhookMessages.id });
  if (stored.length === 0) return null;
  let endpoints: string[];
  if (options.endpointId) {
    endpoints = [options.endpointId];
  } else {
    const enabled = await tx
      .select({ id: webhookEndpoints.id, events: webhookEndpoints.events, formIds: webhookEndpoints.formIds })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.enabled, true));
    endpoints = enabled
      .filter(
        (e) =>
          subscribesTo(e.events, event.type) &&
          (!e.formIds || (options.formId !== undefined && e.formIds.includes(options.formId))),
      )
      .map((e) => e.id);
  }
  if (endpoints.length > 0) {
    await tx.insert(webhookDeliveries).values(
      endpoints.map((endpointId) => ({
        messageId,
        endpointId,
        status: 'pending' as const,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
  }
  return { messageId, deliveries: endpoints.length };
}

/** Forgets every message about `leadId`, with its deliveries and attempts; returns how many messages. */
export async function pgForgetLeadMessages(tx: PgConn, leadId: string): Promise<number> {
  const about = tx
    .select({ id: webhookMessages.id })
    .from(webhookMessages)
    .where(eq(webhookMessages.leadId, leadId));
  await tx.delete(webhookAttempts).where(inArray(webhookAttempts.messageId, about));
  await tx.delete(webhookDeliveries).where(inArray(webhookDeliveries.messageId, about));
  const gone = await tx
    .delete(webhookMessages)
    .where(eq(webhookMessages.leadId, leadId))
    .returning({ id: webhookMessages.id });
  return gone.length;
}
