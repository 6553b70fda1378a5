/**
 * The ingest write and the idempotency keys on PostgreSQL. A submission is one statement, and so one
 * transaction: the key claimed insert-first (`ON CONFLICT DO NOTHING`: of two racing requests one inserts,
 * the other waits for it and inserts nothing, never an error), the proof spent the same way, and the lead
 * and its webhooks inserted only when both were won. The database batches concurrent commits' WAL flushes
 * itself, so there is no group commit of our own here.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { spendQuery } from '../abuse/abuse-store-pg.ts';
import { insertLeadRows } from '../leads/lead-store-pg.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { idempotencyKeys } from '../storage/pg/schema.ts';
import { enqueueLeadEventRows } from '../webhooks/outbox-pg.ts';
import { IDEMPOTENCY_KEY_TTL_IN_MS, type IdempotencyStore, KEY_TAKEN } from './idempotency.ts';
import { type IngestStore, PROOF_SPENT } from './lead-write.ts';

/** The SQLSTATE `leadgate_undone()` raises (migration 0003), its message the reason. */
const UNDONE = 'LG001';

/**
 * The submission is one statement of data-modifying common table expressions, one round trip and an
 * implicit transaction that commits before the answer arrives: as a transaction of nine statements
 * (BEGIN, seven pipelined, COMMIT) a lead cost three round trips and nine statements' messages, and the
 * socket writes, not the database, bounded ingest. When exactly one of the claim and the spend lost, the
 * statement undoes itself by raising `leadgate_undone`, so neither is left without the other and a lead.
 */
export function pgIngestStore(db: PgDb): IngestStore {
  const sql = db.$client;
  return {
    async writeLead({ claim, spend, lead, event }) {
      const won = sql`(SELECT claimed AND spent FROM won)`;
      try {
        const [row] = await sql<{ claimed: boolean; deliveries: number }[]>`
          WITH claim AS (${
            claim
              ? sql`INSERT INTO idempotency_keys (form_id, key, request_hash, status_code, response_body, created_at)
                    VALUES (${claim.formId}, ${claim.key}, ${claim.requestHash}, ${claim.statusCode},
                            ${claim.responseBody}, ${claim.createdAt})
                    ON CONFLICT DO NOTHING RETURNING 1`
              : sql`SELECT 1`
          }),
          spend AS (${spend ? spendQuery(sql, spend) : sql`SELECT 1`}),
          won AS (SELECT EXISTS (SELECT FROM claim) AS claimed, EXISTS (SELECT FROM spend) AS spent),
          ${insertLeadRows(sql, lead, won)},
          ${enqueueLeadEventRows(sql, event, lead, won)}
          SELECT claimed, (SELECT count(*) FROM lead_deliveries)::int AS deliveries,
                 CASE WHEN claimed <> spent
                      THEN leadgate_undone(CASE WHEN claimed THEN 'proof_spent' ELSE 'key_taken' END) END
          FROM won`;
        // Both lost (a retry of a stored submission): nothing was written, and the key's response is the answer.
        if (!row?.claimed) return KEY_TAKEN;
        return { deliveries: row.deliveries };
      } catch (err) {
        if (err instanceof postgres.PostgresError && err.code === UNDONE) {
          return err.message === 'proof_spent' ? PROOF_SPENT : KEY_TAKEN;
        }
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
