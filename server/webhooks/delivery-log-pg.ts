/** The delivery log and the operator's actions on it, on PostgreSQL. */
import { and, asc, between, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { TEST_EVENT } from '../../shared/events.ts';
import type { PgDb } from '../storage/pg/db.ts';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookMessages,
} from '../storage/pg/schema.ts';
import { type DeliveryLog, toDeliveryView } from './delivery-actions.ts';
import { type MessageRecord, toMessageRecords } from './lead-messages.ts';
import { pgEnqueueEvent } from './outbox-pg.ts';

const PAGE_SIZE = 100;
const iso = (ms: number) => new Date(ms).toISOString();

export function pgDeliveryLog(db: PgDb): DeliveryLog {
  return {
    async listAttempts(filter) {
      const rows = await db
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
        .limit(PAGE_SIZE);
      return rows.map(({ deliveryId: _, attemptedAt, ...a }) => ({ ...a, attemptedAt: iso(attemptedAt) }));
    },
    async lastSuccesses(endpointIds) {
      const found = new Map<string, string>();
      for (const id of endpointIds) {
        const [row] = await db
          .select({ at: webhookAttempts.attemptedAt })
          .from(webhookAttempts)
          .where(and(eq(webhookAttempts.endpointId, id), between(webhookAttempts.statusCode, 200, 299)))
          .orderBy(desc(webhookAttempts.attemptedAt))
          .limit(1);
        if (row) found.set(id, iso(row.at));
      }
      return found;
    },
    async listDeliveries(endpointId, status) {
      const rows = await db
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
        .limit(PAGE_SIZE);
      return rows.map(toDeliveryView);
    },
    async redeliver(endpointId, messageId, now = Date.now()) {
      return db.transaction(async (tx) => {
        const [message] = await tx
          .select({ id: webhookMessages.id })
          .from(webhookMessages)
          .where(eq(webhookMessages.id, messageId));
        if (!message) return false;
        const again = {
          status: 'pending' as const,
          attemptCount: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          leaseOwner: null,
          updatedAt: now,
        };
        const changed = await tx
          .update(webhookDeliveries)
          .set(again)
          .where(
            and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.messageId, messageId)),
          )
          .returning({ id: webhookDeliveries.id });
        if (changed.length === 0) {
          await tx.insert(webhookDeliveries).values({ ...again, messageId, endpointId, createdAt: now });
        }
        return true;
      });
    },
    async replayFailed(endpointId, since, now = Date.now()) {
      const changed = await db
        .update(webhookDeliveries)
        .set({
          status: 'pending',
          attemptCount: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          leaseOwner: null,
          updatedAt: now,
        })
        .where(
          and(
            eq(webhookDeliveries.endpointId, endpointId),
            eq(webhookDeliveries.status, 'failed'),
            gte(webhookDeliveries.createdAt, since),
          ),
        )
        .returning({ id: webhookDeliveries.id });
      return changed.length;
    },
    async sendTestEvent(endpointId, now = Date.now()) {
      const event = {
        type: TEST_EVENT,
        timestamp: iso(now),
        data: {
          endpointId,
          message: 'A test event from Leadgate. Verify its signature as you would any other.',
        },
      } as const;
      const queued = await db.transaction((tx) => pgEnqueueEvent(tx, event, now, { endpointId }));
      return queued?.messageId as string;
    },
    async enqueueOnce(messageId, endpointId, event, now = Date.now()) {
      const queued = await db.transaction((tx) => pgEnqueueEvent(tx, event, now, { endpointId, messageId }));
      return queued !== null;
    },
    async messagesAbout(leadIds) {
      const byLead = new Map<string, MessageRecord[]>(leadIds.map((id) => [id, []]));
      if (leadIds.length === 0) return byLead;
      const messages = await db
        .select()
        .from(webhookMessages)
        .where(inArray(webhookMessages.leadId, leadIds))
        .orderBy(asc(webhookMessages.id));
      const messageIds = messages.map((m) => m.id);
      if (messageIds.length === 0) return byLead;
      const deliveries = await db
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
        .orderBy(asc(webhookDeliveries.id));
      const attempts = await db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.messageId, messageIds))
        .orderBy(asc(webhookAttempts.id));
      return toMessageRecords(byLead, messages, deliveries, attempts);
    },
  };
}
