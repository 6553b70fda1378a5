/**
 * The ingest write and the idempotency keys on PostgreSQL. A submission is one transaction: the key
 * claimed insert-first (`ON CONFLICT DO NOTHING`: of two racing requests one inserts, the other waits for
 * it and inserts nothing, never an error), the proof spent the same way, the lead and its webhooks. The
 * database batches concurrent commits' WAL flushes itself, so there is no group commit of our own here.
 */
import { and, eq, lt } from 'drizzle-orm';
import { pgInsertLead } from '../leads/lead-store-pg.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { idempotencyKeys, spentChallenges } from '../storage/pg/schema.ts';
import { pgEnqueueEvent } from '../webhooks/outbox-pg.ts';
import { IDEMPOTENCY_KEY_TTL_IN_MS, type IdempotencyStore, KEY_TAKEN } from './idempotency.ts';
import { type IngestStore, PROOF_SPENT } from './lead-write.ts';

// Thrown inside the transaction to roll it back when the claim or the proof lost.
class Undone extends Error {
  constructor(readonly outcome: typeof KEY_TAKEN | typeof PROOF_SPENT) {
    super('undone');
  }
}

export function pgIngestStore(db: PgDb): IngestStore {
  return {
    async writeLead({ claim, spend, lead, event }) {
      try {
        return await db.transaction(async (tx) => {
          if (claim) {
            const claimed = await tx
              .insert(idempotencyKeys)
              .values(claim)
              .onConflictDoNothing()
              .returning({ key: idempotencyKeys.key });
            if (claimed.length === 0) throw new Undone(KEY_TAKEN);
          }
          if (spend) {
            const spent = await tx
              .insert(spentChallenges)
              .values(spend)
              .onConflictDoNothing()
              .returning({ signature: spentChallenges.signature });
            if (spent.length === 0) throw new Undone(PROOF_SPENT);
          }
          await pgInsertLead(tx, lead);
          const queued = await pgEnqueueEvent(tx, event, lead.createdAt, {
            formId: lead.formId,
            leadId: lead.id,
          });
          return { deliveries: queued?.deliveries ?? 0 };
        });
      } catch (err) {
        if (err instanceof Undone) return err.outcome;
        throw err;
      }
    },
  };
}

export function pgIdempotencyStore(db: PgDb): IdempotencyStore {
  return {
    async find(formId, key) {
      const [row] = await db
        .select({
          requestHash: idempotencyKeys.requestHash,
          statusCode: idempotencyKeys.statusCode,
          responseBody: idempotencyKeys.responseBody,
        })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.formId, formId), eq(idempotencyKeys.key, key)));
      return row;
    },
    async prune(now = Date.now()) {
      const gone = await db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_KEY_TTL_IN_MS))
        .returning({ key: idempotencyKeys.key });
      return gone.length;
    },
  };
}
