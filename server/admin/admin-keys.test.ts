import { describe, expect, it } from 'vitest';
import { openDb } from '../storage/db.ts';
import { adminKeys } from '../storage/schema.ts';
import { adminKeyChecker, sqliteAdminKeyStore } from './admin-keys.ts';

describe('the generated admin key', () => {
  it('is returned on every start until first used, stored hashed, and then never again', async () => {
    const db = openDb(':memory:');
    const keys = sqliteAdminKeyStore(db, () => 5000);
    const key = await keys.ensure(undefined, 1000);
    expect(key).toMatch(/^lg_admin_[\w-]{32}$/);
    expect(await keys.ensure(undefined, 2000)).toBe(key);
    const [row] = db.select().from(adminKeys).all();
    expect(row?.keyHash).not.toContain(key);
    expect(row?.lastUsedAt).toBeNull();

    const isValid = adminKeyChecker(keys, undefined);
    expect(await isValid('lg_admin_wrong')).toBe(false);
    expect(await keys.ensure(undefined)).toBe(key);
    expect(await isValid(key as string)).toBe(true);
    expect(db.select().from(adminKeys).all()).toEqual([
      expect.objectContaining({ reveal: null, lastUsedAt: 5000 }),
    ]);
    expect(await keys.ensure(undefined)).toBeUndefined();
    expect(await isValid(key as string)).toBe(true);
  });

  it('is not generated when a key is configured', async () => {
    const db = openDb(':memory:');
    const keys = sqliteAdminKeyStore(db);
    expect(await keys.ensure('configured-key-0123456789')).toBeUndefined();
    expect(db.select().from(adminKeys).all()).toEqual([]);
    expect(await adminKeyChecker(keys, 'configured-key-0123456789')('configured-key-0123456789')).toBe(true);
  });
});
