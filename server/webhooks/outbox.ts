/** The transactional outbox: events are written with the data they describe and delivered later. */
import { eq, sql } from 'drizzle-orm';
import { ALL_LEAD_EVENTS, type WebhookEvent } from '../../shared/events.ts';
import { newId } from '../ids.ts';
import { preparedOnce, type Tx } from '../storage/db.ts';
import { webhookDeliveries, webhookEndpoints, webhookMessages } from '../storage/schema.ts';

/** Subscribers' bodies stay well under common proxy limits (Svix caps at about 1 MB). */
export const MAX_PAYLOAD_IN_BYTES = 256 * 1024;

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

export type EnqueueOptions = {
  /** The form the event is about: endpoints filtered to other forms skip it. */
  formId?: string;
  /** The lead it is about, so erasure can find its messages. */
  leadId?: string;
  /** Deliver to this endpoint only, whatever it subscribes to (test events). */
  endpointId?: string;
};

/** Stores `event` as a message and owes it to every enabled endpoint that wants it. */
export function enqueueEvent(
  tx: Tx,
  event: WebhookEvent,
  now: number,
  options: EnqueueOptions = {},
): { messageId: string; deliveries: number } {
  const payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_IN_BYTES) {
    throw new PayloadTooLargeError(`A ${event.type} payload may be at most ${MAX_PAYLOAD_IN_BYTES} bytes.`);
  }
  const messageId = newId('msg', now);
  const s = statements(tx);
  s.message.run({
    id: messageId,
    eventType: event.type,
    formId: options.formId ?? null,
    leadId: options.leadId ?? null,
    payload,
    createdAt: now,
  });
  const endpoints = options.endpointId ? [options.endpointId] : subscribers(tx, event.type, options.formId);
  for (const endpointId of endpoints) s.delivery.run({ messageId, endpointId, now });
  return { messageId, deliveries: endpoints.length };
}

const p = (name: string) => sql.placeholder(name);

// Every accepted lead runs these: prepared once. The endpoints are read each time (a few rows by a cheap
// scan), so an endpoint changed by another process or by the dispatcher's auto-disable counts at once.
const statements = preparedOnce((conn) => ({
  message: conn
    .insert(webhookMessages)
    .values({
      id: p('id'),
      eventType: p('eventType'),
      formId: p('formId'),
      leadId: p('leadId'),
      payload: p('payload'),
      createdAt: p('createdAt'),
    })
    .prepare(),
  delivery: conn
    .insert(webhookDeliveries)
    .values({
      messageId: p('messageId'),
      endpointId: p('endpointId'),
      status: 'pending',
      nextAttemptAt: p('now'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .prepare(),
  enabledEndpoints: conn
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events, formIds: webhookEndpoints.formIds })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true))
    .prepare(),
}));

function subscribers(tx: Tx, type: string, formId: string | undefined): string[] {
  return statements(tx)
    .enabledEndpoints.all()
    .filter(
      (e) =>
        subscribesTo(e.events, type) && (!e.formIds || (formId !== undefined && e.formIds.includes(formId))),
    )
    .map((e) => e.id);
}

/** Whether an endpoint's `events` take `type`: named, or `lead.*` for every lead event. */
export function subscribesTo(events: string[], type: string): boolean {
  return events.includes(type) || (type.startsWith('lead.') && events.includes(ALL_LEAD_EVENTS));
}
