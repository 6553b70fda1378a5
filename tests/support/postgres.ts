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

type Fresh = Awaited<ReturnType<typeof freshDatabase>>;
/** This test file's databases: those an open app holds, and those free to be emptied and used again. */
const made: Promise<Fresh>[] = [];
const free: Fresh[] = [];

/**
 * An empty database of this test file's own, until `release()`: one made before and emptied by a
 * TRUNCATE when one is free (an API test's clean database costs that, not a CREATE
 * DATABASE, which costs about as much as the test), else a new one. `dropFileDatabases()` removes them.
 */
export async function takeEmptyDatabase(): Promise<{ url: string; release(): void }> {
  let db = free.pop();
  if (db) {
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ name: string }[]>`
        SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`;
      if (tables.length > 0)
        await sql.unsafe(`TRUNCATE ${tables.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
    } finally {
      await sql.end({ timeout: 1 });
    }
  } else {
    const making = freshDatabase();
    made.push(making);
    db = await making;
  }
  const taken = db;
  return { url: taken.url, release: () => void free.push(taken) };
}

/** Drops every database `takeEmptyDatabase()` made. */
export async function dropFileDatabases(): Promise<void> {
  const all = made.splice(0);
  free.length = 0;
  await Promise.all(all.map(async (db) => (await db).drop()));
}
