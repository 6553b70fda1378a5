/** Reading and erasing stored leads. Knows nothing of HTTP. */
import { and, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { LeadData } from '../../shared/events.ts';
import { type Db, writeTx } from '../storage/db.ts';
import { leadAnswers, leadConsents, leads, webhookDeliveries, webhookMessages } from '../storage/schema.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';

export type LeadFilter = { id?: string; formId?: string; tier?: string; since?: number; until?: number };

const iso = (ms: number) => new Date(ms).toISOString();

/** Leads newest first, `limit` at a time; pass the last id seen as `before` for the next page. */
export function listLeads(db: Db, filter: LeadFilter & { before?: string; limit: number }): LeadData[] {
  const rows = db
    .select()
    .from(leads)
    .where(
      and(
        filter.id ? eq(leads.id, filter.id) : undefined,
        filter.formId ? eq(leads.formId, filter.formId) : undefined,
        filter.tier ? eq(leads.tier, filter.tier) : undefined,
        filter.since !== undefined ? gte(leads.createdAt, filter.since) : undefined,
        filter.until !== undefined ? lte(leads.createdAt, filter.until) : undefined,
        // Ids are time-ordered, so the id is a stable cursor even for leads of the same millisecond.
        filter.before ? lt(leads.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(leads.id))
    .limit(filter.limit)
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // In the order they were stored, which is the form's order.
  const answers = db
    .select()
    .from(leadAnswers)
    .where(inArray(leadAnswers.leadId, ids))
    .orderBy(sql`rowid`)
    .all();
  const consents = db
    .select()
    .from(leadConsents)
    .where(inArray(leadConsents.leadId, ids))
    .orderBy(sql`rowid`)
    .all();
  return rows.map((r) => ({
    id: r.id,
    formId: r.formId,
    formVersion: r.formVersion,
    answers: Object.fromEntries(
      answers.filter((a) => a.leadId === r.id).map((a) => [a.fieldKey, a.value]),
    ) as LeadData['answers'],
    consents: consents
      .filter((c) => c.leadId === r.id)
      .map((c) => ({
        key: c.consentKey,
        granted: c.granted,
        text: c.text,
        formVersion: c.formVersion,
        recordedAt: iso(c.recordedAt),
      })),
    score: r.score,
    tier: r.tier,
    context: r.context as LeadData['context'],
    createdAt: iso(r.createdAt),
  }));
}

/** One lead, whole. */
export function getLead(db: Db, id: string): LeadData | undefined {
  return listLeads(db, { id, limit: 1 })[0];
}

/**
 * Erases a lead: its answers, consents and row go, the personal data in webhook messages still about it
 * is redacted and their pending deliveries are cancelled, and `lead.erased` goes out so downstream tools
 * erase their copies too. Returns false when there is no such lead.
 */
export function eraseLead(db: Db, id: string, now = Date.now()): boolean {
  return writeTx(db, (tx) => {
    const lead = tx.select().from(leads).where(eq(leads.id, id)).all()[0];
    if (!lead) return false;
    tx.delete(leadAnswers).where(eq(leadAnswers.leadId, id)).run();
    tx.delete(leadConsents).where(eq(leadConsents.leadId, id)).run();
    tx.delete(leads).where(eq(leads.id, id)).run();
    const messages = tx
      .select({
        id: webhookMessages.id,
        type: webhookMessages.eventType,
        createdAt: webhookMessages.createdAt,
      })
      .from(webhookMessages)
      .where(eq(webhookMessages.leadId, id))
      .all();
    for (const m of messages) {
      const redacted = {
        type: m.type,
        timestamp: iso(m.createdAt),
        data: { id, formId: lead.formId, erased: true },
      };
      tx.update(webhookMessages)
        .set({ payload: JSON.stringify(redacted) })
        .where(eq(webhookMessages.id, m.id))
        .run();
    }
    if (messages.length > 0) {
      tx.update(webhookDeliveries)
        .set({ status: 'failed', lastError: 'lead erased', leaseUntil: null, updatedAt: now })
        .where(
          and(
            inArray(
              webhookDeliveries.messageId,
              messages.map((m) => m.id),
            ),
            eq(webhookDeliveries.status, 'pending'),
          ),
        )
        .run();
    }
    const data = { id, formId: lead.formId, erasedAt: iso(now) };
    enqueueEvent(tx, { type: 'lead.erased', timestamp: data.erasedAt, data }, now, { formId: lead.formId });
    return true;
  });
}
