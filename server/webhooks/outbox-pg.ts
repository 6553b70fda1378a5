/**
 * The outbox on PostgreSQL, in the caller's transaction: an event stored as a message and owed to every
 * enabled endpoint that wants it; and what erasure asks, to forget a lead's messages. Other instances hear
 * of new deliveries through `NOTIFY leadgate_outbox`, sent after the COMMIT (store-pg.ts), never inside the
 * transaction: a NOTIFY in a transaction holds a database-wide lock through its commit's WAL flush, which
 * put every lead's commit in one line (measured: 120 leads/s instead of thousands).
 */
import { eq, inArray } from 'drizzle-orm';
import type postgres from 'postgres';
import { ALL_LEAD_EVENTS, type WebhookEvent } from '../../shared/events.ts';
import { newId } from '../ids.ts';
import type { PgConn } from '../storage/pg/db.ts';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookMessages,
} from '../storage/pg/schema.ts';
import { type EnqueueOptions, serializeEvent, subscribesTo } from './outbox.ts';

/** The channel every instance listens on for new deliveries. */
export const OUTBOX_CHANNEL = 'leadgate_outbox';

/** Stores `event` and owes it to its subscribers; `null` when `options.messageId` exists already. */
export async function pgEnqueueEvent(
  tx: PgConn,
  event: WebhookEvent,
  now: number,
  options: EnqueueOptions = {},
): Promise<{ messageId: string; deliveries: number } | null> {
  const payload = serializeEvent(event);
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
  }
  return { messageId, deliveries: endpoints.length };
}

/**
 * The common table expressions that store a lead's event and owe it to every enabled endpoint that takes
 * it (named, or `lead.*`) for the lead's form, when `when` holds, for the caller's statement:
 * `lead_message, lead_deliveries`, the last answering a row per delivery.
 */
export function enqueueLeadEventRows(
  sql: postgres.Sql,
  event: WebhookEvent,
  lead: { id: string; formId: string; createdAt: number },
  when: postgres.PendingQuery<postgres.Row[]>,
) {
  const now = lead.createdAt;
  const payload = serializeEvent(event);
  const messageId = newId('msg', now);
  return sql`
    lead_message AS (
      INSERT INTO webhook_messages (id, event_type, form_id, lead_id, payload, created_at)
      SELECT ${messageId}, ${event.type}, ${lead.formId}, ${lead.id}, ${payload}, ${now}
      WHERE ${when}
      RETURNING id
    ),
    lead_deliveries AS (
      INSERT INTO webhook_deliveries (message_id, endpoint_id, status, next_attempt_at, created_at, updated_at)
      SELECT m.id, e.id, 'pending', ${now}, ${now}, ${now}
      FROM lead_message m, webhook_endpoints e
      WHERE e.enabled
        AND (e.events ? ${event.type} OR (${event.type} LIKE 'lead.%' AND e.events ? ${ALL_LEAD_EVENTS}))
        AND (e.form_ids IS NULL OR jsonb_typeof(e.form_ids) = 'null' OR e.form_ids ? ${lead.formId})
      RETURNING 1
    )`;
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
