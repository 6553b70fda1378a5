/** Withdrawing a consent: a new consent event, never an edit of the decision as given. */
import type { ConsentWithdrawnData } from '../../shared/events.ts';
import type { Tx } from '../storage/db.ts';
import { leadConsentEvents } from '../storage/schema.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';
import { getLead, type StoredConsent } from './lead-store.ts';

/** How the withdrawal reached the owner, and a note for the file (kept here, never sent to subscribers). */
export type Withdrawal = { source: string; note?: string | undefined };

export type WithdrawResult =
  | { ok: true; consent: StoredConsent }
  | { ok: false; reason: 'no_lead' | 'no_consent' | 'not_granted' };

/**
 * Records that the lead withdrew consent `key`: a `lead_consent_events` row with the time and source, and
 * `lead.consent_withdrawn` to subscribers, in the caller's transaction. The `lead_consents` row stays as it was:
 * it is the proof of what was given, and when. A consent not granted now cannot be withdrawn.
 */
export function withdrawConsent(
  tx: Tx,
  leadId: string,
  key: string,
  withdrawal: Withdrawal,
  now = Date.now(),
): WithdrawResult {
  const lead = getLead(tx, leadId);
  if (!lead) return { ok: false, reason: 'no_lead' };
  const consent = lead.consents.find((c) => c.key === key);
  if (!consent) return { ok: false, reason: 'no_consent' };
  if (!consent.grantedNow) return { ok: false, reason: 'not_granted' };
  const change = {
    granted: false,
    source: withdrawal.source,
    note: withdrawal.note ?? null,
    recordedAt: now,
  };
  tx.insert(leadConsentEvents)
    .values({ leadId, consentKey: key, ...change })
    .run();
  const data: ConsentWithdrawnData = {
    id: leadId,
    formId: lead.formId,
    consentKey: key,
    withdrawnAt: new Date(now).toISOString(),
    source: withdrawal.source,
  };
  // About the lead (leadId), so erasing the lead later forgets this message too.
  enqueueEvent(tx, { type: 'lead.consent_withdrawn', timestamp: data.withdrawnAt, data }, now, {
    formId: lead.formId,
    leadId,
  });
  const history = [...consent.history, { ...change, recordedAt: data.withdrawnAt }];
  return { ok: true, consent: { ...consent, grantedNow: false, history } };
}
