/** Erasure's part in the webhook room: what was sent, or still owed, about a lead is forgotten. */
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookMessages } from '../storage/schema.ts';

/**
 * Deletes the messages about `leadId`, their deliveries and every attempt to send them, in the caller's
 * transaction. Deleting rather than redacting: a subscriber may echo the lead back in its response, so
 * the attempts hold personal data too, and a message that no longer exists cannot be pending, redelivered
 * or replayed. A delivery in flight meanwhile is not recorded when it finishes (`recordAttempts` leaves a
 * deleted delivery alone). `lead.erased` itself is not about the lead in this sense (no `leadId`), so it
 * stays and is delivered. Returns how many messages were forgotten.
 */
export function forgetLeadMessages(tx: Tx, leadId: string): number {
  const about = tx
    .select({ id: webhookMessages.id })
    .from(webhookMessages)
    .where(eq(webhookMessages.leadId, leadId));
  tx.delete(webhookAttempts).where(inArray(webhookAttempts.messageId, about)).run();
  tx.delete(webhookDeliveries).where(inArray(webhookDeliveries.messageId, about)).run();
  return tx.delete(webhookMessages).where(eq(webhookMessages.leadId, leadId)).run().changes;
}
