/** Everything held about one person, found by email, as one JSON document (an access request's answer). */

import { normalizeEmail } from '../leads/email.ts';
import { allLeads } from '../leads/export.ts';
import type { StoredLead } from '../leads/lead-store.ts';
import type { Db } from '../storage/db.ts';
import { type MessageRecord, messagesAbout } from '../webhooks/lead-messages.ts';

/** The export: each lead whole (answers, context, score, tier, consents and their history) and its webhooks. */
export type SubjectExport = {
  email: string;
  exportedAt: string;
  leads: (StoredLead & { webhooks: MessageRecord[] })[];
};

/** Every lead of `email` (matched normalised), oldest first, with the webhook messages about it. */
export function exportSubject(db: Db, email: string, now = Date.now()): SubjectExport {
  const leads = [...allLeads(db, { email })].flat().reverse();
  const webhooks = messagesAbout(
    db,
    leads.map((l) => l.id),
  );
  return {
    email: normalizeEmail(email),
    exportedAt: new Date(now).toISOString(),
    leads: leads.map((lead) => ({ ...lead, webhooks: webhooks.get(lead.id) ?? [] })),
  };
}
