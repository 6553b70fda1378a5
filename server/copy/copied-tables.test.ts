import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from '../storage/pg/schema.ts';
import * as sqlite from '../storage/schema.ts';
import { COPIED_TABLES, NOT_COPIED_TABLES } from './copied-tables.ts';

const pgTables = Object.values(pg).map((t) => pgTableConfig(t as PgTable));
const sqliteTables = Object.values(sqlite).map((t) => sqliteTableConfig(t as SQLiteTable));

// drizzle's column types, as the copy names them.
const PG_TYPE: Record<string, string> = {
  PgText: 'text',
  PgJsonb: 'jsonb',
  PgInteger: 'integer',
  PgBigInt53: 'bigint',
  PgBigSerial53: 'bigint',
  PgBoolean: 'boolean',
};

describe('the tables copy-to-postgres copies', () => {
  it('are every PostgreSQL table but the sessions and the instances’ own, each column with its type', () => {
    const copied = COPIED_TABLES.map((t) => t.name);
    expect([...copied, ...NOT_COPIED_TABLES].sort()).toEqual(pgTables.map((t) => t.name).sort());
    for (const table of COPIED_TABLES) {
      const target = pgTables.find((t) => t.name === table.name);
      expect(
        table.columns.map((c) => [c.name, c.type]),
        table.name,
      ).toEqual(target?.columns.map((c) => [c.name, PG_TYPE[c.columnType] ?? c.columnType]));
    }
  });

  it('read every column SQLite has but those replaced on purpose (a lease), and none it lacks', () => {
    for (const table of COPIED_TABLES) {
      const source = sqliteTables.find((t) => t.name === table.name);
      const read = table.columns.filter((c) => c.from === undefined).map((c) => c.name);
      const replaced = table.columns.filter((c) => c.from !== undefined).map((c) => c.name);
      expect(read.sort(), table.name).toEqual(
        source?.columns
          .map((c) => c.name)
          .filter((c) => !replaced.includes(c))
          .sort(),
      );
    }
  });

  it('put parents before the tables that point at them', () => {
    const order = COPIED_TABLES.map((t) => t.name);
    for (const table of pgTables) {
      for (const fk of table.foreignKeys) {
        const parent = pgTableConfig(fk.reference().foreignTable).name;
        if (order.includes(table.name))
          expect(order.indexOf(parent), table.name).toBeLessThan(order.indexOf(table.name));
      }
    }
  });
});
