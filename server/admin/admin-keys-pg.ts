/** Admin keys on PostgreSQL. */
import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { adminKeys } from '../storage/pg/schema.ts';
import type { AdminKeyStore } from './admin-keys.ts';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
// Instances starting together must not each generate a key: one at a time decides.
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
        const key = `lg_admin_${randomBytes(24).toString('base64url')}`;
        await tx
          .insert(adminKeys)
          .values({ id: newId('key', at), keyHash: sha256(key), reveal: key, createdAt: at });
        return key;
      }),
    isStored: async (key) => (await resolve(key)) !== undefined,
    resolve,
    async exists(id) {
      const rows = await db.select({ id: adminKeys.id }).from(adminKeys).where(eq(adminKeys.id, id));
      return rows.length > 0;
    },
  };
  async function resolve(key: string): Promise<string | undefined> {
    const [found] = await db
      .select({ id: adminKeys.id, reveal: adminKeys.reveal })
      .from(adminKeys)
      .where(eq(adminKeys.keyHash, sha256(key)));
    if (!found) return undefined;
    if (found.reveal !== null) {
      await db
        .update(adminKeys)
        .set({ reveal: null, lastUsedAt: now() })
        .where(and(eq(adminKeys.id, found.id), isNotNull(adminKeys.reveal)));
    }
    return found.id;
  }
}
