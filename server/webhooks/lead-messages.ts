/** What the webhook room holds about a lead: the messages about it, where they went, and every attempt. */
import { asc, eq, inArray } from 'drizzle-orm';
import type { DeliveryRecord, MessageRecord } from '../../shared/admin-api.ts';
import type { Db } from '../storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookMessages } from '../storage/schema.ts';

export type { AttemptRecord, DeliveryRecord, MessageRecord } from '../../shared/admin-api.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every message about each of `leadIds`, oldest first, with deliveries and attempts; keyed by lead id. */
export function messagesAbout(db: Db, leadIds: string[]): Map<string, MessageRecord[]> {
  const byLead = new Map<string, MessageRecord[]>(leadIds.map((id) => [id, []]));
  if (leadIds.length === 0) return byLead;
  const messages = db
    .select()
    .from(webhookMessages)
    .where(inArray(webhookMessages.leadId, leadIds))
    .orderBy(asc(webhookMessages.id))
    .all();
  const messageIds = messages.map((m) => m.id);
  const deliveries = db
    .select({
      id: webhookDeliveries.id,
      messageId: webhookDeliveries.messageId,
      endpointId: webhookDeliveries.endpointId,
      url: webhookEndpoints.url,
      status: webhookDeliveries.status,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(inArray(webhookDeliveries.messageId, messageIds))
    .orderBy(asc(webhookDeliveries.id))
    .all();
  const attempts = db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.messageId, messageIds))
    .orderBy(asc(webhookAttempts.id))
    .all();
  return toMessageRecords(byLead, messages, deliveries, attempts);
}

type MessageRow = {
  id: string;
  leadId: string | null;
  eventType: string;
  createdAt: number;
  payload: string;
};
type DeliveryRow = {
  id: number;
  messageId: string;
  endpointId: string;
  url: string;
  status: DeliveryRecord['status'];
};
type AttemptRow = {
  deliveryId: number;
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  responseBody: string | null;
  error: string | null;
};

/** Each message's record, filed under its lead in `byLead`, from the rows of either database. */
export function toMessageRecords(
  byLead: Map<string, MessageRecord[]>,
  messages: MessageRow[],
  deliveries: DeliveryRow[],
  attempts: AttemptRow[],
): Map<string, MessageRecord[]> {
  for (const m of messages) {
    byLead.get(m.leadId ?? '')?.push({
      id: m.id,
      type: m.eventType,
      createdAt: iso(m.createdAt),
      payload: JSON.parse(m.payload),
      deliveries: deliveries
        .filter((d) => d.messageId === m.id)
        .map((d) => ({
          endpointId: d.endpointId,
          url: d.url,
          status: d.status,
          attempts: attempts
            .filter((a) => a.deliveryId === d.id)
            .map((a) => ({
              attemptedAt: iso(a.attemptedAt),
              statusCode: a.statusCode,
              latencyMs: a.latencyMs,
              responseBody: a.responseBody,
              error: a.error,
            })),
        })),
    });
  }
  return byLead;
}
