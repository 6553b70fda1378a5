/**
 * One accepted submission's write: the `Idempotency-Key` claimed with the response it will replay, the
 * proof of work spent, the lead, and its `lead.created` message with a delivery per subscribed endpoint,
 * all in one transaction. On SQLite that transaction is shared with the submissions that arrived alongside
 * (group commit), and each write's promise settles once the COMMIT that holds it returned.
 */
import type { WebhookEvent } from '../../shared/events.ts';
import { spendChallenge } from '../abuse/abuse-store.ts';
import { insertLead, type NewLead } from '../leads/insert-lead.ts';
import type { Db } from '../storage/db.ts';
import { groupWrite } from '../storage/group-commit.ts';
import { enqueueEvent } from '../webhooks/outbox.ts';
import { claimKey, KEY_TAKEN, type KeyClaim } from './idempotency.ts';

export type LeadWrite = {
  /** The key's claim; undefined when the submission came without a key. */
  claim: KeyClaim | undefined;
  /** The proof of work to spend; undefined when no gate asked for one. */
  spend: { signature: string; expiresAt: number } | undefined;
  lead: NewLead;
  event: WebhookEvent;
};

/** Stored with this many deliveries owed; or the key was taken first; or the proof was spent already. */
export type LeadWritten = { deliveries: number } | typeof KEY_TAKEN | typeof PROOF_SPENT;

export const PROOF_SPENT = Symbol('proof spent');

export interface IngestStore {
  /** Writes a submission in one transaction; resolves once it is durable (or was undone, as a value). */
  writeLead(write: LeadWrite): Promise<LeadWritten>;
}

// Thrown inside the transaction to undo this write (and only it) when its claim or its proof lost.
export class Undone extends Error {
  constructor(readonly outcome: typeof KEY_TAKEN | typeof PROOF_SPENT) {
    super('undone');
  }
}

/** The ingest write over one SQLite connection, batched with group commit. */
export function sqliteIngestStore(db: Db): IngestStore {
  return {
    async writeLead({ claim, spend, lead, event }) {
      try {
        return await groupWrite(db, (tx) => {
          // First: a concurrent retry of this submission (same key, same proof) that lost the claim stops here.
          if (claim && !claimKey(tx, claim)) throw new Undone(KEY_TAKEN);
          // Under the write lock, so two submissions racing with one proof make one lead.
          if (spend && !spendChallenge(tx, spend.signature, spend.expiresAt)) throw new Undone(PROOF_SPENT);
          insertLead(tx, lead);
          const queued = enqueueEvent(tx, event, lead.createdAt, { formId: lead.formId, leadId: lead.id });
          return { deliveries: queued.deliveries };
        });
      } catch (err) {
        if (err instanceof Undone) return err.outcome;
        throw err;
      }
    },
  };
}
