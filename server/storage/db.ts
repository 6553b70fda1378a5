/** Opens the SQLite file, applies the committed migrations, and runs write transactions the safe way. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const BUSY_TIMEOUT_IN_MS = 5_000;

/** Opens (creating if needed) the database at `file` (`:memory:` for tests) and migrates it. */
export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
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
  return db.transaction(fn, { behavior: 'immediate' });
}
