/** Everything held about one person, found by email, as one JSON document (an access request's answer). */

import { normalizeEmail } from '../leads/email.ts';
import { allLeads } from '../leads/export.ts';
import type { StoredLead } from '../leads/lead-store.ts';
import type { LeadStore } from '../leads/store.ts';
import type { DeliveryLog } from '../webhooks/delivery-actions.ts';
import type { MessageRecord } from '../webhooks/lead-messages.ts';

/** The export: each lead whole (answers, context, score, tier, consents and their history) and its webhooks. */
export type SubjectExport = {
  email: string;
  exportedAt: string;
  leads: (StoredLead & { webhooks: MessageRecord[] })[];
};

/** Every lead of `email` (matched normalised), newest first. */
export async function leadsOf(leads: LeadStore, email: string): Promise<StoredLead[]> {
  const found: StoredLead[] = [];
  for await (const page of allLeads(leads, { email })) found.push(...page);
  return found;
}

/** Every lead of `email` (matched normalised), oldest first, with the webhook messages about it. */
export async function exportSubject(
  stores: { leads: LeadStore; deliveries: DeliveryLog },
  email: string,
  now = Date.now(),
): Promise<SubjectExport> {
  const leads = (await leadsOf(stores.leads, email)).reverse();
  const webhooks = await stores.deliveries.messagesAbout(leads.map((l) => l.id));
  return {
    email: normalizeEmail(email),
    exportedAt: new Date(now).toISOString(),
    leads: leads.map((lead) => ({ ...lead, webhooks: webhooks.get(lead.id) ?? [] })),
  };
}
