/**
 * The ingest write and the idempotency keys on PostgreSQL. A submission is one transaction: the key
 * claimed insert-first (`ON CONFLICT DO NOTHING`: of two racing requests one inserts, the other waits for
 * it and inserts nothing, never an error), the proof spent the same way, the lead and its webhooks. The
 * database batches concurrent commits' WAL flushes itself, so there is no group commit of our own here.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { spendQuery } from '../abuse/abuse-store-pg.ts';
import { insertLeadQueries } from '../leads/lead-store-pg.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { idempotencyKeys } from '../storage/pg/schema.ts';
import { enqueueLeadEventQueries } from '../webhooks/outbox-pg.ts';
import { IDEMPOTENCY_KEY_TTL_IN_MS, type IdempotencyStore, KEY_TAKEN } from './idempotency.ts';
import { type IngestStore, PROOF_SPENT, Undone } from './lead-write.ts';

/**
 * The submission's statements go to the server pipelined, in one round trip between BEGIN and COMMIT
 * (postgres.js sends queries issued together on one connection without waiting for each answer): eight awaited statements made
 * a lead cost nine round trips, and the round trips, not the database, bounded ingest. A lost claim or a
 * spent proof is seen in the answers afterwards and rolls the whole transaction back.
 */
export function pgIngestStore(db: PgDb): IngestStore {
  const sql = db.$client;
  return {
    async writeLead({ claim, spend, lead, event }) {
      try {
        // Each room's statements, in order: the key's claim, the proof spent, the lead, its webhooks.
        const outcome = await sql.begin(async (tx) => {
          const results = await Promise.all([
            claim
              ? tx`INSERT INTO idempotency_keys (form_id, key, request_hash, status_code, response_body, created_at)
                 VALUES (${claim.formId}, ${claim.key}, ${claim.requestHash}, ${claim.statusCode},
                         ${claim.responseBody}, ${claim.createdAt})
                 ON CONFLICT DO NOTHING RETURNING 1`
              : tx`SELECT 1`,
            spend ? spendQuery(tx, spend) : tx`SELECT 1`,
            ...insertLeadQueries(tx, lead),
            ...enqueueLeadEventQueries(tx, event, lead),
          ]);
          // Thrown inside: the transaction rolls back, and this submission has written nothing.
          if (results[0]?.length === 0) throw new Undone(KEY_TAKEN);
          if (results[1]?.length === 0) throw new Undone(PROOF_SPENT);
          return { deliveries: results.at(-1)?.length ?? 0 };
        });
        return outcome;
      } catch (err) {
        if (err instanceof Undone) return err.outcome;
        throw err;
      }
    },
  };
}

export function pgIdempotencyStore(db: PgDb): IdempotencyStore {
  // Every submission with a key probes it: prepared once per connection, as the form's row is (form-store-pg.ts).
  const probe = db
    .select({
      requestHash: idempotencyKeys.requestHash,
      statusCode: idempotencyKeys.statusCode,
      responseBody: idempotencyKeys.responseBody,
    })
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.formId, sql.placeholder('formId')),
        eq(idempotencyKeys.key, sql.placeholder('key')),
      ),
    )
    .prepare('idempotency_probe');
  return {
    async find(formId, key) {
      const [row] = await probe.execute({ formId, key });
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
