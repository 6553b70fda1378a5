import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Tx } from './db.ts';
import { groupWrite } from './group-commit.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-group-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const db = openDb(file);
  db.$client.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
  return { db, file };
}

const insert = (id: string) => (tx: Tx) => {
  tx.$client.prepare('INSERT INTO t (id) VALUES (?)').run(id);
  return id;
};

describe('groupWrite', () => {
  it('commits the writes that arrive together in one transaction, and settles each after its COMMIT', async () => {
    const { db, file } = fileDb();
    const transactions = vi.spyOn(db, 'transaction');
    const other = new Database(file, { readonly: true });
    const seen: string[][] = [];
    const writes = ['a', 'b', 'c'].map((id) =>
      groupWrite(db, insert(id)).then((value) => {
        // Another connection sees the row by the time the writer hears "done": it is committed.
        seen.push(other.prepare('SELECT id FROM t ORDER BY id').pluck().all() as string[]);
        return value;
      }),
    );
    expect(await Promise.all(writes)).toEqual(['a', 'b', 'c']);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
    await groupWrite(db, insert('d'));
    expect(transactions).toHaveBeenCalledTimes(2);
    other.close();
  });

  it('fails only the write that threw: its batch-mates are committed, its own rows undone', async () => {
    const { db } = fileDb();
    const failing = (tx: Tx) => {
      insert('half-done')(tx);
      throw new Error('refused after writing');
    };
    const results = await Promise.allSettled([
      groupWrite(db, insert('before')),
      groupWrite(db, failing),
      groupWrite(db, insert('after')),
      groupWrite(db, insert('before')), // a constraint violation is a failing write too
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused after writing');
    expect(db.$client.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual(['after', 'before']);
  });
});
