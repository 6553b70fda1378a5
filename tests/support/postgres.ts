/**
 * PostgreSQL for tests: a real server (127.0.0.1:5432, trust auth, database `test` by default;
 * LEADGATE_TEST_POSTGRES_URL to point elsewhere), a fresh database per test file, dropped at the end.
 * Without a server, and without CI, the PostgreSQL tests are skipped with a loud message; under CI they run
 * (and fail) regardless.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const ADMIN_URL = process.env.LEADGATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Whether the PostgreSQL tests run here: always under CI, else when a server answers. */
export const postgresAvailable: boolean = process.env.CI ? true : await reachable();
if (!postgresAvailable) {
  console.warn(
    `\n!!! PostgreSQL is not reachable at ${ADMIN_URL}: the PostgreSQL tests are SKIPPED (they run under CI).\n`,
  );
}

/** A new, empty database; `drop()` removes it (its connections closed first). */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `leadgate_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end({ timeout: 1 });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await sql.end({ timeout: 1 });
    },
  };
}

/** Where a test's `leadgate serve` keeps its data: a SQLite file in `dir`, or a fresh PostgreSQL database. */
export type DatabaseUnderTest = {
  env: Record<string, string>;
  /** Runs a read-only query on it (`SELECT …`), rows as objects. */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  drop(): Promise<void>;
};

/** The dialects a process-level suite runs on: SQLite always, PostgreSQL where it runs (see above). */
export const DIALECTS = postgresAvailable ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

export async function databaseFor(dialect: 'sqlite' | 'postgres', dir: string): Promise<DatabaseUnderTest> {
  if (dialect === 'sqlite') {
    const file = `${dir}/db-${randomBytes(4).toString('hex')}.sqlite`;
    const { default: Database } = await import('better-sqlite3');
    return {
      env: { LEADGATE_DB: file },
      async query<T>(text: string) {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(text).all() as T[];
        } finally {
          db.close();
        }
      },
      drop: async () => {},
    };
  }
  const fresh = await freshDatabase();
  return {
    env: { LEADGATE_DATABASE_URL: fresh.url },
    async query<T>(text: string) {
      const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
      try {
        return (await sql.unsafe(text)) as unknown as T[];
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
    drop: fresh.drop,
  };
}

// bigint (int8: every time and count on PostgreSQL) as a number, as SQLite gives it.
const NUMBER_INT8 = { to: 20, from: [20], serialize: (n: number) => String(n), parse: Number };

const tableOrders = new WeakMap<postgres.Sql, { name: string }[]>();

/** Every table, each after the tables whose foreign keys point at it; read once the schema is there. */
async function tablesOf(sql: postgres.Sql): Promise<{ name: string }[]> {
  const known = tableOrders.get(sql);
  if (known) return known;
  const tables = await sql<{ name: string }[]>`
    WITH RECURSIVE refs(child, depth) AS (
      SELECT c.oid, 0 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      UNION ALL
      SELECT f.conrelid, r.depth + 1 FROM pg_constraint f JOIN refs r ON f.confrelid = r.child
      WHERE f.contype = 'f' AND f.conrelid <> f.confrelid AND r.depth < 32)
    SELECT quote_ident(c.relname) AS name FROM refs JOIN pg_class c ON c.oid = refs.child
    GROUP BY c.relname ORDER BY max(depth) DESC`;
  if (tables.length > 0) tableOrders.set(sql, tables);
  return tables;
}

/**
 * Empties the tables a test wrote, children before parents, and restarts the sequences: one round trip
 * to find them and one to empty them (DELETE: a TRUNCATE costs milliseconds per table, even an empty one).
 */
async function empty(sql: postgres.Sql): Promise<void> {
  const tables = await tablesOf(sql);
  if (tables.length === 0) return;
  const written = await sql.unsafe<{ name: string }[]>(
    tables
      .map(({ name }) => `SELECT '${name}' AS name WHERE EXISTS (SELECT 1 FROM ${name})`)
      .join(' UNION ALL '),
  );
  const order = new Map(tables.map(({ name }, i) => [name, i]));
  written.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  // Pipelined on the one connection, in order.
  await Promise.all([
    ...written.map(({ name }) => sql.unsafe(`DELETE FROM ${name}`)),
    sql`SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S'`,
  ]);
}

/** One of this test file's databases, with a connection to it kept for the file's length. */
type FileDatabase = Awaited<ReturnType<typeof freshDatabase>> & { sql: postgres.Sql };
const made: Promise<FileDatabase>[] = [];
const free: FileDatabase[] = [];

async function makeFileDatabase(): Promise<FileDatabase> {
  const fresh = await freshDatabase();
  return { ...fresh, sql: postgres(fresh.url, { max: 1, onnotice: () => {}, types: { int8: NUMBER_INT8 } }) };
}

/**
 * An empty database of this test file's own, until `release()`: one made before and emptied when one is
 * free (an API test's clean database costs a DELETE from the tables it wrote, not a CREATE DATABASE,
 * which costs about as much as the test), else a new one. `sql` runs statements on it, integers as
 * numbers. `dropFileDatabases()` removes them all.
 */
export async function takeEmptyDatabase(): Promise<{
  url: string;
  sql: (text: string) => Promise<Record<string, unknown>[]>;
  release(): void;
}> {
  let db = free.pop();
  if (db) await empty(db.sql);
  else {
    const making = makeFileDatabase();
    made.push(making);
    db = await making;
  }
  const taken = db;
  return {
    url: taken.url,
    sql: async (text) => [...(await taken.sql.unsafe(text))],
    release: () => void free.push(taken),
  };
}

/** Drops every database `takeEmptyDatabase()` made. */
export async function dropFileDatabases(): Promise<void> {
  const all = made.splice(0);
  free.length = 0;
  await Promise.all(
    all.map(async (making) => {
      const db = await making;
      await db.sql.end({ timeout: 1 });
      await db.drop();
    }),
  );
}
