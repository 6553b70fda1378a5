/** Opens a PostgreSQL database through postgres.js and drizzle, and applies the committed migrations. */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { sendNulFree } from './nul-free.ts';
import * as schema from './schema.ts';

export type PgDb = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A transaction: what the room's transaction-scoped functions take. */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];
/** Either: a function that reads or writes one statement runs inside or outside a transaction alike. */
export type PgConn = PgDb | PgTx;

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
// Every instance starting at once must not migrate at once: one holds this lock, the others wait for it.
const MIGRATION_LOCK = 7_283_118_001;
const POOL_SIZE = 10;

/** Connects (lazily: the first query opens connections) with a pool of POOL_SIZE. */
export function openPg(url: string, options: { max?: number } = {}): PgDb {
  const client = postgres(url, {
    max: options.max ?? POOL_SIZE,
    onnotice: () => {},
    connection: { application_name: 'leadgate' },
  });
  const db = drizzle(client, { schema }) as PgDb;
  sendNulFree(client);
  return db;
}

/**
 * Applies the committed migrations, one instance at a time: a session advisory lock, held on a connection
 * of its own while the migrator runs on the pool, makes the others wait and then find nothing to do.
 */
export async function migratePg(db: PgDb): Promise<void> {
  const conn = await db.$client.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await conn`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    conn.release();
  }
}

/** The database's clock, in ms: what leases are measured against, never an instance's own clock. */
export async function dbNow(conn: PgConn): Promise<number> {
  const rows = await conn.execute<{ now: string }>(
    sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now`,
  );
  return Number(rows[0]?.now);
}

/** Why the database cannot be written now, or undefined when it can. */
export async function pgWriteProblem(db: PgDb): Promise<string | undefined> {
  try {
    const rows = await db.execute<{ ro: string }>(sql`SELECT current_setting('transaction_read_only') AS ro`);
    return rows[0]?.ro === 'on' ? 'the database is read-only (a standby?)' : undefined;
  } catch (err) {
    return String((err as Error).message ?? err);
  }
}
