/**
 * The lead room's store, as the rest of the server sees it: every call a promise, so routes and jobs never
 * learn which database (or which writer) is behind it. Lead rows are written and erased here only.
 */
import { type Db, writeTx } from '../storage/db.ts';
import { backfillLeadEmails } from './backfill-email.ts';
import { eraseLeads, eraseMatching } from './erase-leads.ts';
import { countByFormAndTier, getLead, type LeadFilter, listLeads, type StoredLead } from './lead-store.ts';
import { type Withdrawal, type WithdrawResult, withdrawConsent } from './withdraw-consent.ts';

export interface LeadStore {
  /** Leads newest first, `limit` at a time; pass the last id seen as `before` for the next page. */
  list(filter: LeadFilter & { before?: string; limit: number }): Promise<StoredLead[]>;
  /** One lead, whole. */
  get(id: string): Promise<StoredLead | undefined>;
  /**
   * Erases each lead of `ids` with everything about it, each with `lead.erased` queued, in one
   * transaction; returns the ids that existed.
   */
  erase(ids: string[], now?: number): Promise<string[]>;
  /** Erases up to `limit` leads matching `filter` (oldest first); call again until it returns none. */
  eraseMatching(filter: LeadFilter, limit: number, now?: number): Promise<string[]>;
  /** A consent withdrawn: a new consent event and `lead.consent_withdrawn`, in one transaction. */
  withdrawConsent(leadId: string, key: string, withdrawal: Withdrawal, now?: number): Promise<WithdrawResult>;
  /** Leads created in [since, until] (ms), counted per form and tier, by form then tier. */
  countByFormAndTier(
    since: number,
    until: number,
  ): Promise<{ formId: string; tier: string; count: number }[]>;
  /** Fills `leads.email` for leads stored before it existed, once; returns how many got one. */
  backfillEmails(now?: number): Promise<number>;
}

/** The lead store over one SQLite connection. */
export function sqliteLeadStore(db: Db): LeadStore {
  return {
    list: async (filter) => listLeads(db, filter),
    get: async (id) => getLead(db, id),
    erase: async (ids, now) => eraseLeads(db, ids, now),
    eraseMatching: async (filter, limit, now) => eraseMatching(db, filter, limit, now),
    withdrawConsent: async (leadId, key, withdrawal, now) =>
      writeTx(db, (tx) => withdrawConsent(tx, leadId, key, withdrawal, now)),
    backfillEmails: async (now) => backfillLeadEmails(db, now),
    countByFormAndTier: async (since, until) => countByFormAndTier(db, since, until),
  };
}
