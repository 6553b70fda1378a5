/**
 * The SQLite file a copy reads: opened read-only, and read inside one transaction, so every table comes
 * from the same snapshot (WAL keeps it for the reader) even while a server still writes the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { CopiedTable } from './copied-tables.ts';
import { CopyError } from './copy-error.ts';

const JOURNAL = new URL('../storage/migrations/meta/_journal.json', import.meta.url);
const BUSY_TIMEOUT_IN_MS = 5_000;
/** A batch ends at this many rows, or sooner at this many characters of text (form definitions are large). */
const BATCH_ROWS = 5_000;
const BATCH_CHARS = 16 * 1024 * 1024;

export type SqliteSource = {
  /** How many rows `table` holds in the snapshot. */
  count(table: string): number;
  /** The rows of `table` in its key's order, as arrays in `columns`' order, a batch at a time. */
  batches(table: CopiedTable): Generator<unknown[][]>;
  /** Ends the read transaction and closes the file. */
  close(): void;
};

/** The migration this Leadgate's SQLite schema ends with (drizzle's journal: `when` is what it records). */
function lastMigration(): number {
  const journal = JSON.parse(readFileSync(JOURNAL, 'utf8')) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

/** Refuses a file whose schema is not the one this Leadgate writes: its columns would not be the ones copied. */
function checkSchema(db: Database.Database, file: string): void {
  let applied: number | null;
  try {
    applied = (
      db.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | null }
    ).at;
  } catch {
    throw new CopyError(`${file} is not a Leadgate database (it has no migrations table)`);
  }
  const expected = lastMigration();
  if (applied === null || applied < expected) {
    throw new CopyError(
      `${file} was written by an older Leadgate: start this version on it once (or run \`leadgate migrate\` with LEADGATE_DB set and LEADGATE_DATABASE_URL unset), then copy`,
    );
  }
  if (applied > expected) {
    throw new CopyError(`${file} was written by a newer Leadgate than this one: copy with that version`);
  }
}

/** Opens `file` read-only and begins the read transaction whose snapshot every read below shares. */
export function openSqliteSource(file: string): SqliteSource {
  if (!existsSync(file)) throw new CopyError(`there is no SQLite database at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CopyError(`cannot open ${file}: ${(err as Error).message}`);
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_IN_MS}`);
  // Deferred: the snapshot is taken at the first read (the schema check) and held until close().
  db.exec('BEGIN');
  try {
    checkSchema(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    count: (table) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
    *batches(table) {
      const columns = table.columns.map((c) => (c.from ? `${c.from} AS "${c.name}"` : `"${c.name}"`));
      const rows = db
        .prepare(`SELECT ${columns.join(', ')} FROM "${table.name}" ORDER BY ${table.orderBy}`)
        .raw(true)
        .iterate() as IterableIterator<unknown[]>;
      let batch: unknown[][] = [];
      let chars = 0;
      for (const row of rows) {
        batch.push(row);
        for (const value of row) if (typeof value === 'string') chars += value.length;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
          yield batch;
          batch = [];
          chars = 0;
        }
      }
      if (batch.length > 0) yield batch;
    },
    close() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}
