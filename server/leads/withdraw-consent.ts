/** Withdrawing a consent: a new consent event, never an edit of the decision as given. */
import type { ConsentWithdrawnData, WebhookEvent } from '../../shared/events.ts';
import type { Tx } from '../storage/db.ts';
import { leadConsentEvents } from '../storage/schema.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';
import { getLead, type StoredConsent, type StoredLead } from './lead-store.ts';

/** How the withdrawal reached the owner, and a note for the file (kept here, never sent to subscribers). */
export type Withdrawal = { source: string; note?: string | undefined };

export type WithdrawResult =
  | { ok: true; consent: StoredConsent }
  | { ok: false; reason: 'no_lead' | 'no_consent' | 'not_granted' };

/** A withdrawal worked out, for the database to write: the consent event, the webhook, the answer. */
export type PlannedWithdrawal = {
  change: { granted: false; source: string; note: string | null; recordedAt: number };
  event: WebhookEvent<'lead.consent_withdrawn'>;
  result: WithdrawResult & { ok: true };
};

/**
 * What withdrawing consent `key` of `lead` (undefined: no such lead) means, the same on every database:
 * a refusal, or the `lead_consent_events` row, `lead.consent_withdrawn` and the consent as it is after.
 */
export function planWithdrawal(
  lead: StoredLead | undefined,
  key: string,
  withdrawal: Withdrawal,
  now: number,
): PlannedWithdrawal | (WithdrawResult & { ok: false }) {
  if (!lead) return { ok: false, reason: 'no_lead' };
  const consent = lead.consents.find((c) => c.key === key);
  if (!consent) return { ok: false, reason: 'no_consent' };
  if (!consent.grantedNow) return { ok: false, reason: 'not_granted' };
  const change = {
    granted: false as const,
    source: withdrawal.source,
    note: withdrawal.note ?? null,
    recordedAt: now,
  };
  const data: ConsentWithdrawnData = {
    id: lead.id,
    formId: lead.formId,
    consentKey: key,
    withdrawnAt: new Date(now).toISOString(),
    source: withdrawal.source,
  };
  const history = [...consent.history, { ...change, recordedAt: data.withdrawnAt }];
  return {
    change,
    event: { type: 'lead.consent_withdrawn', timestamp: data.withdrawnAt, data },
    result: { ok: true, consent: { ...consent, grantedNow: false, history } },
  };
}

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
  const plan = planWithdrawal(lead, key, withdrawal, now);
  if (!('change' in plan)) return plan;
  tx.insert(leadConsentEvents)
    .values({ leadId, consentKey: key, ...plan.change })
    .run();
  // About the lead (leadId), so erasing the lead later forgets this message too.
  enqueueEvent(tx, plan.event, now, { formId: plan.event.data.formId, leadId });
  return plan.result;
}
