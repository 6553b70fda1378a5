/** The transactional outbox: events are written with the data they describe and delivered later. */
import { ALL_LEAD_EVENTS, type WebhookEvent } from '../../shared/events.ts';
import { newId } from '../ids.ts';
import { preparedOnce, type Tx } from '../storage/db.ts';

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
  /** Deliver to this endpoint only, whatever it subscribes to (test events, digests). */
  endpointId?: string;
  /** The message's id, when the caller makes it (one that says what it is, so it is stored once). */
  messageId?: string;
};

/** The body `event` is sent as; a PayloadTooLargeError past MAX_PAYLOAD_IN_BYTES. */
export function serializeEvent(event: WebhookEvent): string {
  const payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_IN_BYTES) {
    throw new PayloadTooLargeError(`A ${event.type} payload may be at most ${MAX_PAYLOAD_IN_BYTES} bytes.`);
  }
  return payload;
}

/** Stores `event` as a message and owes it to every enabled endpoint that wants it. */
export function enqueueEvent(
  tx: Tx,
  event: WebhookEvent,
  now: number,
  options: EnqueueOptions = {},
): { messageId: string; deliveries: number } {
  const payload = serializeEvent(event);
  const messageId = options.messageId ?? newId('msg', now);
  const s = statements(tx);
  s.message.run(messageId, event.type, options.formId ?? null, options.leadId ?? null, payload, now);
  const endpoints = options.endpointId ? [options.endpointId] : subscribers(tx, event.type, options.formId);
  for (const endpointId of endpoints) s.delivery.run({ messageId, endpointId, now });
  return { messageId, deliveries: endpoints.length };
}

// Every accepted lead runs these: better-sqlite3 statements prepared once per connection. The endpoints
// are read each time (a few rows by a cheap scan), so an endpoint changed by another process or by the
// dispatcher's auto-disable counts at once.
const statements = preparedOnce(({ $client: sqlite }) => ({
  message: sqlite.prepare<
    [
      id: string,
      eventType: string,
      formId: string | null,
      leadId: string | null,
      payload: string,
      createdAt: number,
    ]
  >(
    'INSERT INTO webhook_messages (id, event_type, form_id, lead_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  delivery: sqlite.prepare<{ messageId: string; endpointId: string; now: number }>(
    `INSERT INTO webhook_deliveries (message_id, endpoint_id, status, next_attempt_at, created_at, updated_at)
     VALUES (@messageId, @endpointId, 'pending', @now, @now, @now)`,
  ),
  enabledEndpoints: sqlite.prepare<[], { id: string; events: string; form_ids: string | null }>(
    'SELECT id, events, form_ids FROM webhook_endpoints WHERE enabled = 1',
  ),
}));

function subscribers(tx: Tx, type: string, formId: string | undefined): string[] {
  const ids: string[] = [];
  for (const e of statements(tx).enabledEndpoints.all()) {
    // JSON columns (drizzle's `mode: 'json'`): events a list, form_ids a list or null.
    const formIds = e.form_ids === null ? null : (JSON.parse(e.form_ids) as string[] | null);
    if (!subscribesTo(JSON.parse(e.events) as string[], type)) continue;
    if (!formIds || (formId !== undefined && formIds.includes(formId))) ids.push(e.id);
  }
  return ids;
}

/** Whether an endpoint's `events` take `type`: named, or `lead.*` for every lead event. */
export function subscribesTo(events: string[], type: string): boolean {
  return events.includes(type) || (type.startsWith('lead.') && events.includes(ALL_LEAD_EVENTS));
}
