/** The transactional outbox: events are written with the data they describe and delivered later. */
import { eq } from 'drizzle-orm';
import type { EventType, WebhookEvent } from '../../shared/events.ts';
import { newId } from '../ids.ts';
import type { Tx } from '../storage/db.ts';
import { webhookDeliveries, webhookEndpoints, webhookMessages } from '../storage/schema.ts';

/** Stores `event` as a message and owes it to every enabled endpoint subscribed to its type. */
export function enqueueEvent(
  tx: Tx,
  event: WebhookEvent,
  now: number,
): { messageId: string; deliveries: number } {
  const messageId = newId('msg', now);
  tx.insert(webhookMessages)
    .values({ id: messageId, eventType: event.type, payload: JSON.stringify(event), createdAt: now })
    .run();
  const endpoints = subscribedEndpoints(tx, event.type);
  if (endpoints.length > 0) {
    tx.insert(webhookDeliveries)
      .values(
        endpoints.map((endpointId) => ({
          messageId,
          endpointId,
          status: 'pending' as const,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .run();
  }
  return { messageId, deliveries: endpoints.length };
}

function subscribedEndpoints(tx: Tx, type: EventType): string[] {
  return tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true))
    .all()
    .filter((e) => e.events.includes(type))
    .map((e) => e.id);
}
