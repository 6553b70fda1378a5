import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDb, writeProblem } from './db.ts';
import * as schema from './schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadgate-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('openDb', () => {
  it('creates the database 0600, its -wal and -shm alike, in a folder of its own 0700', () => {
    const file = join(dir, 'fresh', 'data', 'leadgate.db');
    const db = openDb(file);
    expect(modeOf(join(dir, 'fresh'))).toBe(0o700);
    expect(modeOf(join(dir, 'fresh', 'data'))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(f)).toBe(true);
      expect(modeOf(f)).toBe(0o600);
    }
    db.$client.close();
  });

  it('leaves an existing file as the operator made it', () => {
    const file = join(dir, 'existing.db');
    writeFileSync(file, '');
    chmodSync(file, 0o640);
    openDb(file).$client.close();
    expect(modeOf(file)).toBe(0o640);
  });
});

describe('writeProblem', () => {
  it('is undefined for a database that can be written, and changes nothing', () => {
    const db = openDb(join(dir, 'rw.db'));
    const version = db.$client.pragma('user_version', { simple: true });
    expect(writeProblem(db)).toBeUndefined();
    expect(db.$client.pragma('user_version', { simple: true })).toBe(version);
    expect(db.$client.inTransaction).toBe(false);
    db.$client.close();
  });

  it('names the problem when SQLite opened the file read-only (as it does, silently, for a 0444 file)', () => {
    const file = join(dir, 'ro.db');
    openDb(file).$client.close();
    const db = drizzle(new Database(file, { readonly: true }), { schema }) as Db;
    expect(db.$client.prepare('SELECT count(*) AS n FROM forms').get()).toEqual({ n: 0 });
    expect(writeProblem(db)).toMatch(/readonly database \(SQLITE_READONLY\)/);
    expect(db.$client.inTransaction).toBe(false);
    db.$client.close();
  });
});
