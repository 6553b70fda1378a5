/**
 * Copies a SQLite installation into an empty PostgreSQL database, in one transaction: every table but the
 * console's sessions, batched (one INSERT … SELECT FROM unnest() per few thousand rows), then each table
 * counted again on PostgreSQL before the COMMIT. Anything wrong rolls all of it back.
 */
import type postgres from 'postgres';
import { migratePg, openPg } from '../storage/pg/db.ts';
import { nulFree, nulFreeJson } from '../storage/pg/nul-free.ts';
import { HEARTBEAT_STALE_IN_MS } from '../webhooks/delivery-store-pg.ts';
import { COPIED_TABLES, type CopiedTable, NOT_COPIED_TABLES, type PgType } from './copied-tables.ts';
import { CopyError } from './copy-error.ts';
import { openSqliteSource, type SqliteSource } from './sqlite-source.ts';

export type CopyOptions = {
  /** The SQLite file. */
  from: string;
  /** The PostgreSQL database (`postgres://…`); its migrations are applied first. */
  databaseUrl: string;
  /** Delete what the PostgreSQL database holds first, instead of refusing to copy into it. */
  replace?: boolean;
  /** Told of each table once its rows are written. */
  onTable?: (table: string, rows: number) => void;
};

export type CopyReport = { tables: { name: string; rows: number }[]; elapsedInMs: number };

/** How long the copy waits for a lock on the PostgreSQL tables (a server still using them) before it gives up. */
const LOCK_TIMEOUT = '10s';

// Each column goes as one array parameter; jsonb as text and boolean as SQLite's 0/1, cast in the SELECT.
// (postgres.js types an array of JS booleans as a boolean, not boolean[], so booleans cannot go as such.)
const PARAMETER_TYPE: Record<PgType, string> = {
  text: 'text[]',
  jsonb: 'text[]',
  integer: 'integer[]',
  bigint: 'bigint[]',
  boolean: 'integer[]',
};
const CAST: Record<PgType, string> = {
  text: '',
  jsonb: '::jsonb',
  integer: '',
  bigint: '',
  boolean: '::boolean',
};

/** A SQLite value as its PostgreSQL column takes it; PostgreSQL cannot keep U+0000 in text (nul-free.ts). */
function toPg(type: PgType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'text':
      return nulFree(String(value));
    case 'jsonb':
      return nulFreeJson(String(value));
    case 'boolean':
      return value ? 1 : 0;
    default:
      return value;
  }
}

const quoted = (name: string) => `"${name}"`;

/** INSERT … SELECT FROM unnest($1, $2, …): a batch in one statement, one array parameter per column. */
function insertStatement(table: CopiedTable): string {
  const { columns } = table;
  const names = columns.map((c) => quoted(c.name)).join(', ');
  const values = columns.map((c, i) => `c${i}${CAST[c.type]}`).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${PARAMETER_TYPE[c.type]}`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  return `INSERT INTO ${quoted(table.name)} (${names}) SELECT ${values} FROM unnest(${arrays}) AS u(${aliases})`;
}

/** Copies one table; the next batch is read from SQLite while PostgreSQL writes the one before. */
async function copyTable(
  tx: postgres.TransactionSql,
  source: SqliteSource,
  table: CopiedTable,
): Promise<number> {
  const statement = insertStatement(table);
  let rows = 0;
  let writing: Promise<unknown> | undefined;
  try {
    for (const batch of source.batches(table)) {
      const parameters = table.columns.map((column, i) => batch.map((row) => toPg(column.type, row[i])));
      await writing;
      writing = tx.unsafe(statement, parameters as postgres.ParameterOrJSON<never>[]).execute();
      // Awaited above or below; a failure meanwhile is not an unhandled rejection.
      writing.catch(() => {});
      rows += batch.length;
    }
    await writing;
  } catch (err) {
    throw new CopyError(`copying ${table.name}: ${(err as Error).message}`, { cause: err });
  }
  if (table.serial) {
    // The next id PostgreSQL gives is past every id copied.
    const column = quoted(table.serial);
    await tx.unsafe(
      `SELECT setval(pg_get_serial_sequence('${quoted(table.name)}', '${table.serial}'),
                     coalesce(max(${column}), 0) + 1, false) FROM ${quoted(table.name)}`,
    );
  }
  return rows;
}

/** Refuses while a Leadgate server runs on the database: it would write beside (or under) the copy. */
async function refuseRunningServers(tx: postgres.TransactionSql): Promise<void> {
  const [live] = await tx<{ n: string }[]>`
    SELECT count(*) AS n FROM instances
    WHERE heartbeat_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint - ${HEARTBEAT_STALE_IN_MS}`;
  if (Number(live?.n) > 0) {
    throw new CopyError(
      `${live?.n} Leadgate server(s) are running on the PostgreSQL database: stop them before copying into it`,
    );
  }
}

/** The tables of the PostgreSQL database that hold rows (the instances' own bookkeeping aside). */
async function tablesHoldingData(tx: postgres.TransactionSql): Promise<string[]> {
  const names = [...COPIED_TABLES.map((t) => t.name), 'admin_sessions'];
  const rows = await tx.unsafe<{ name: string }[]>(
    names.map((n) => `SELECT '${n}' AS name WHERE EXISTS (SELECT 1 FROM ${quoted(n)})`).join(' UNION ALL '),
  );
  return rows.map((r) => r.name);
}

/** Counts every copied table on PostgreSQL (inside the copy's transaction) and compares with the source. */
async function verify(tx: postgres.TransactionSql, expected: Map<string, number>): Promise<void> {
  const rows = await tx.unsafe<{ name: string; n: string }[]>(
    COPIED_TABLES.map((t) => `SELECT '${t.name}' AS name, count(*) AS n FROM ${quoted(t.name)}`).join(
      ' UNION ALL ',
    ),
  );
  const wrong = rows.filter((r) => Number(r.n) !== expected.get(r.name));
  if (wrong.length > 0) {
    const list = wrong.map((r) => `${r.name}: ${r.n} on PostgreSQL, ${expected.get(r.name)} in SQLite`);
    throw new CopyError(`the counts do not match after copying (${list.join('; ')})`);
  }
}

/** Copies the SQLite installation at `from` into the PostgreSQL database `databaseUrl`: all of it, or nothing. */
export async function copyToPostgres(options: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  const source = openSqliteSource(options.from);
  try {
    const expected = new Map(COPIED_TABLES.map((t) => [t.name, source.count(t.name)]));
    // Two connections: migratePg holds its advisory lock on one while the migrator runs on the other.
    const db = openPg(options.databaseUrl, { max: 2 });
    try {
      await migratePg(db);
      const tables = await db.$client.begin(async (tx) => {
        await tx.unsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        // No server can start writing (a demo form, a key) between the check and the copy.
        const all = [...COPIED_TABLES.map((t) => t.name), ...NOT_COPIED_TABLES].map(quoted);
        await tx.unsafe(`LOCK TABLE ${all.join(', ')} IN EXCLUSIVE MODE`);
        await refuseRunningServers(tx);
        const holding = await tablesHoldingData(tx);
        if (holding.length > 0 && !options.replace) {
          throw new CopyError(
            `the PostgreSQL database already holds data (${holding.join(', ')}): copy into an empty database, so that two installations are not merged by accident, or pass --replace to delete what it holds first`,
          );
        }
        if (holding.length > 0) await tx.unsafe(`TRUNCATE ${all.join(', ')} RESTART IDENTITY`);
        const copied: { name: string; rows: number }[] = [];
        for (const table of COPIED_TABLES) {
          const rows = await copyTable(tx, source, table);
          copied.push({ name: table.name, rows });
          options.onTable?.(table.name, rows);
        }
        await verify(tx, expected);
        return copied;
      });
      return { tables, elapsedInMs: performance.now() - started };
    } finally {
      await db.$client.end({ timeout: 5 });
    }
  } finally {
    source.close();
  }
}
