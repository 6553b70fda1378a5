/** Admin keys on PostgreSQL. */
import { and, asc, count, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { adminKeys } from '../storage/pg/schema.ts';
import {
  type AdminKeyStore,
  FIRST_KEY_NAME,
  generateAdminKey,
  LAST_USED_EVERY_IN_MS,
  newAdminKey,
  sha256,
} from './admin-keys.ts';

// Instances starting together must not each generate a key, nor two revocations both pass the last-key
// count: one at a time decides.
const ENSURE_LOCK = 7_283_118_002;

export function pgAdminKeyStore(db: PgDb, now: () => number = Date.now): AdminKeyStore {
  return {
    ensure: (configuredKey, at = now()) =>
      db.transaction(async (tx) => {
        if (configuredKey) return undefined;
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${ENSURE_LOCK})`);
        const [unused] = await tx
          .select({ reveal: adminKeys.reveal })
          .from(adminKeys)
          .where(isNotNull(adminKeys.reveal))
          .limit(1);
        if (unused?.reveal) return unused.reveal;
        const [stored] = await tx.select({ n: count() }).from(adminKeys);
        if ((stored?.n ?? 0) > 0) return undefined;
        const key = generateAdminKey();
        await tx.insert(adminKeys).values({
          id: newId('key', at),
          name: FIRST_KEY_NAME,
          keyHash: sha256(key),
          reveal: key,
          createdAt: at,
        });
        return key;
      }),
    isStored: async (key) => (await resolve(key)) !== undefined,
    resolve,
    used: (id, at = now()) => recordUse(id, at),
    list: () =>
      db
        .select({
          id: adminKeys.id,
          name: adminKeys.name,
          createdAt: adminKeys.createdAt,
          lastUsedAt: adminKeys.lastUsedAt,
        })
        .from(adminKeys)
        .orderBy(asc(adminKeys.createdAt)),
    async create(name, at = now()) {
      const { key, row } = newAdminKey(name, at);
      await db.insert(adminKeys).values(row);
      return { id: row.id, name, createdAt: at, lastUsedAt: null, key };
    },
    revoke: (id, keepOne) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${ENSURE_LOCK})`);
        const exists = await tx.select({ id: adminKeys.id }).from(adminKeys).where(eq(adminKeys.id, id));
        if (exists.length === 0) return 'not_found' as const;
        const [stored] = await tx.select({ n: count() }).from(adminKeys);
        if (keepOne && (stored?.n ?? 0) <= 1) return 'last_key' as const;
        await tx.delete(adminKeys).where(eq(adminKeys.id, id));
        return 'revoked' as const;
      }),
  };

  async function recordUse(id: string, at: number): Promise<boolean> {
    const [row] = await db
      .select({ lastUsedAt: adminKeys.lastUsedAt })
      .from(adminKeys)
      .where(eq(adminKeys.id, id));
    if (!row) return false;
    if (row.lastUsedAt === null || at - row.lastUsedAt >= LAST_USED_EVERY_IN_MS)
      await db
        .update(adminKeys)
        .set({ lastUsedAt: at })
        .where(
          and(
            eq(adminKeys.id, id),
            or(isNull(adminKeys.lastUsedAt), lt(adminKeys.lastUsedAt, at - LAST_USED_EVERY_IN_MS)),
          ),
        );
    return true;
  }

  async function resolve(key: string): Promise<string | undefined> {
    const [found] = await db
      .select({ id: adminKeys.id, reveal: adminKeys.reveal })
      .from(adminKeys)
      .where(eq(adminKeys.keyHash, sha256(key)));
    if (!found) return undefined;
    const at = now();
    if (found.reveal !== null) {
      await db
        .update(adminKeys)
        .set({ reveal: null, lastUsedAt: at })
        .where(and(eq(adminKeys.id, found.id), isNotNull(adminKeys.reveal)));
    } else await recordUse(found.id, at);
    return found.id;
  }
}
