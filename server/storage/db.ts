/** Opens the SQLite file, applies the committed migrations, and runs write transactions the safe way. */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A write transaction; it carries its connection, as `Db` does, so stores find their prepared statements. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] & { $client: Database.Database };

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const BUSY_TIMEOUT_IN_MS = 5_000;

// The file holds personal data and webhook secrets: readable by its owner only. SQLite gives the -wal and
// -shm files the database file's mode. A folder we create is the owner's alone too; an existing one is
// left as the operator made it.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: DIR_MODE });
  try {
    // An empty file is a valid empty SQLite database.
    closeSync(openSync(file, 'wx', FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Opens (creating if needed) the database at `file` (`:memory:` for tests) and migrates it. */
export function openDb(file: string): Db {
  if (file !== ':memory:') createPrivately(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a 201 is a promise.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_IN_MS}`);
  sqlite.pragma('foreign_keys = ON');
  // Erased data must not linger in the file's free pages, where anyone with a copy of it could read it.
  sqlite.pragma('secure_delete = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction. Drizzle's default (deferred) takes the write lock only at
 * the first write, where a concurrent writer makes SQLite fail with SQLITE_BUSY without waiting.
 */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction((tx) => fn(Object.assign(tx, { $client: db.$client })), { behavior: 'immediate' });
}

/**
 * Statements prepared once per connection, for hot paths: drizzle otherwise builds the SQL and SQLite
 * prepares it again on every call. `build` runs on first use; what it prepares runs on the same
 * connection, so inside a transaction too (better-sqlite3 has one connection per `Db`).
 */
export function preparedOnce<T>(build: (conn: Db | Tx) => T): (conn: Db | Tx) => T {
  const byClient = new WeakMap<Database.Database, T>();
  return (conn) => {
    let statements = byClient.get(conn.$client);
    if (statements === undefined) {
      statements = build(conn);
      byClient.set(conn.$client, statements);
    }
    return statements;
  };
}

/**
 * Why the database cannot be written now, or undefined when it can. SQLite opens a file it may not write
 * read-only without a word, and reads keep working; so this writes the header's user_version back as it
 * is, inside a transaction rolled back (no fsync, nothing changed), which fails with SQLITE_READONLY.
 */
export function writeProblem(db: Db): string | undefined {
  const sqlite = db.$client;
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const version = Number(sqlite.pragma('user_version', { simple: true }));
      sqlite.pragma(`user_version = ${version}`);
    } finally {
      sqlite.exec('ROLLBACK');
    }
    return undefined;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return e.code ? `${e.message} (${e.code})` : String(e.message ?? err);
  }
}
