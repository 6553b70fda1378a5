import { describe, expect, it } from 'vitest';
import { openDb } from '../storage/db.ts';
import { adminKeys } from '../storage/schema.ts';
import { adminKeyChecker, ensureAdminKey } from './admin-keys.ts';

describe('the generated admin key', () => {
  it('is returned on every start until first used, stored hashed, and then never again', () => {
    const db = openDb(':memory:');
    const key = ensureAdminKey(db, undefined, 1000);
    expect(key).toMatch(/^lg_admin_[\w-]{32}$/);
    expect(ensureAdminKey(db, undefined, 2000)).toBe(key);
    const [row] = db.select().from(adminKeys).all();
    expect(row?.keyHash).not.toContain(key);
    expect(row?.lastUsedAt).toBeNull();

    const isValid = adminKeyChecker(db, undefined, () => 5000);
    expect(isValid('lg_admin_wrong')).toBe(false);
    expect(ensureAdminKey(db, undefined)).toBe(key);
    expect(isValid(key as string)).toBe(true);
    expect(db.select().from(adminKeys).all()).toEqual([
      expect.objectContaining({ reveal: null, lastUsedAt: 5000 }),
    ]);
    expect(ensureAdminKey(db, undefined)).toBeUndefined();
    expect(isValid(key as string)).toBe(true);
  });

  it('is not generated when a key is configured', () => {
    const db = openDb(':memory:');
    expect(ensureAdminKey(db, 'configured-key-0123456789')).toBeUndefined();
    expect(db.select().from(adminKeys).all()).toEqual([]);
    expect(adminKeyChecker(db, 'configured-key-0123456789')('configured-key-0123456789')).toBe(true);
  });
});
