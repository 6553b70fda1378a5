import { describe, expect, it } from 'vitest';
import { openDb } from '../storage/db.ts';
import { adminSessions } from '../storage/schema.ts';
import { adminKeyResolver, keyRefChecker, sqliteAdminKeyStore } from './admin-keys.ts';
import { SESSION_IDLE_IN_MS, SESSION_MAX_IN_MS, sqliteSessionStore } from './sessions.ts';

const live = async () => true;
const HOUR = 60 * 60 * 1000;

function stores() {
  const db = openDb(':memory:');
  return { db, sessions: sqliteSessionStore(db), keys: sqliteAdminKeyStore(db) };
}

describe('console sessions', () => {
  it('keep only the hash of the token, and find it by the token', async () => {
    const { db, sessions } = stores();
    const { token, session } = await sessions.create('key_1', 1000);
    expect(token).toMatch(/^[\w-]{43}$/);
    const [row] = db.select().from(adminSessions).all();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await sessions.find(token, live, 2000)).toEqual(session);
    expect(await sessions.find(`${token}x`, live, 2000)).toBeUndefined();
    expect(session.csrfToken).not.toBe(token);
  });

  it('end when idle, and at the absolute limit however busy', async () => {
    const { db, sessions } = stores();
    const { token } = await sessions.create('key_1', 0);
    // Used every 7 hours: each use restarts the idle clock...
    let t = 0;
    while (t + 7 * HOUR < SESSION_MAX_IN_MS) {
      t += 7 * HOUR;
      expect(await sessions.find(token, live, t)).toBeDefined();
    }
    // ...until the absolute end.
    expect(await sessions.find(token, live, SESSION_MAX_IN_MS)).toBeUndefined();
    expect(db.select().from(adminSessions).all()).toEqual([]);

    const idle = await sessions.create('key_1', 0);
    expect((await sessions.find(idle.token, live, SESSION_IDLE_IN_MS - 1))?.expiresAt).toBe(
      2 * SESSION_IDLE_IN_MS - 1,
    );
    expect(await sessions.find(idle.token, live, 2 * SESSION_IDLE_IN_MS)).toBeUndefined();
  });

  it('end at sign-out, and when their key is no longer accepted', async () => {
    const { sessions } = stores();
    const { token } = await sessions.create('key_1', 0);
    expect(await sessions.delete(token)).toBe(true);
    expect(await sessions.find(token, live, 1)).toBeUndefined();
    expect(await sessions.delete(token)).toBe(false);

    const other = await sessions.create('key_2', 0);
    expect(await sessions.find(other.token, async (ref) => ref !== 'key_2', 1)).toBeUndefined();
  });

  it('name the key they were opened with: a changed LEADGATE_ADMIN_KEY ends the old one’s', async () => {
    const { keys } = stores();
    const ref = await adminKeyResolver(keys, 'first-key-0123456789')('first-key-0123456789');
    expect(ref).toMatch(/^env:[0-9a-f]{16}$/);
    expect(await keyRefChecker(keys, 'first-key-0123456789')(ref as string)).toBe(true);
    expect(await keyRefChecker(keys, 'second-key-0123456789')(ref as string)).toBe(false);

    const generated = (await keys.ensure(undefined)) as string;
    const stored = (await adminKeyResolver(keys, undefined)(generated)) as string;
    expect(stored).toMatch(/^key_/);
    expect(await keyRefChecker(keys, undefined)(stored)).toBe(true);
    expect(await keyRefChecker(keys, undefined)('key_gone')).toBe(false);
  });
});
