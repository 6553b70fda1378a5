/** Erasure: a lead and everything about it go, and `lead.erased` tells subscribers to erase their copies. */
import { eq } from 'drizzle-orm';
import { type Db, type Tx, writeTx } from '../storage/db.ts';
import { leadAnswers, leadConsentEvents, leadConsents, leads } from '../storage/schema.ts';
import { forgetLeadMessages } from '../webhooks/forget-lead.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';
import { type LeadFilter, leadIds } from './lead-store.ts';

/**
 * Erases one lead in the caller's transaction: its answers, consents, consent history and row; the
 * webhook room forgets its messages, deliveries and attempts; `lead.erased` is queued for subscribers.
 * Returns false when there is no such lead.
 */
export function eraseLeadIn(tx: Tx, id: string, now: number): boolean {
  const lead = tx.select({ formId: leads.formId }).from(leads).where(eq(leads.id, id)).all()[0];
  if (!lead) return false;
  tx.delete(leadAnswers).where(eq(leadAnswers.leadId, id)).run();
  tx.delete(leadConsentEvents).where(eq(leadConsentEvents.leadId, id)).run();
  tx.delete(leadConsents).where(eq(leadConsents.leadId, id)).run();
  tx.delete(leads).where(eq(leads.id, id)).run();
  forgetLeadMessages(tx, id);
  const data = { id, formId: lead.formId, erasedAt: new Date(now).toISOString() };
  enqueueEvent(tx, { type: 'lead.erased', timestamp: data.erasedAt, data }, now, { formId: lead.formId });
  return true;
}

/** Erases each lead of `ids` in one transaction; returns the ids that existed. */
export function eraseLeads(db: Db, ids: string[], now = Date.now()): string[] {
  return writeTx(db, (tx) => ids.filter((id) => eraseLeadIn(tx, id, now)));
}

/**
 * Erases up to `limit` leads matching `filter` in one transaction (oldest first) and returns their ids;
 * call it again until it returns none. Bounded, so a large backlog never holds the write lock for long.
 */
export function eraseMatching(db: Db, filter: LeadFilter, limit: number, now = Date.now()): string[] {
  return writeTx(db, (tx) => leadIds(tx, filter, limit).filter((id) => eraseLeadIn(tx, id, now)));
}
