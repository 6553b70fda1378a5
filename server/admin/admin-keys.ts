/** Admin keys: one may come from the environment; otherwise one is generated on first start. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { Db } from '../storage/db.ts';
import { adminKeys } from '../storage/schema.ts';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * The generated key to print at this start, or undefined. With no configured key and none stored, a key is
 * generated. It is stored hashed, and in clear in `reveal` until its first use, so that every start prints
 * it again until then: a start that fails to listen, or output nobody read, cannot lose it.
 */
export function ensureAdminKey(
  db: Db,
  configuredKey: string | undefined,
  now = Date.now(),
): string | undefined {
  if (configuredKey) return undefined;
  const unused = db
    .select({ reveal: adminKeys.reveal })
    .from(adminKeys)
    .where(isNotNull(adminKeys.reveal))
    .all()[0];
  if (unused?.reveal) return unused.reveal;
  const stored = db.select({ n: count() }).from(adminKeys).all()[0]?.n ?? 0;
  if (stored > 0) return undefined;
  const key = `lg_admin_${randomBytes(24).toString('base64url')}`;
  db.insert(adminKeys)
    .values({ id: newId('key', now), keyHash: sha256(key), reveal: key, createdAt: now })
    .run();
  return key;
}

/**
 * Returns a checker for presented keys: the configured key (compared in constant time) or a stored one.
 * A stored key's first use forgets its clear text and records the time.
 */
export function adminKeyChecker(
  db: Db,
  configuredKey: string | undefined,
  now: () => number = Date.now,
): (key: string) => boolean {
  const configured = configuredKey ? Buffer.from(sha256(configuredKey)) : undefined;
  return function isValidKey(key) {
    const hash = sha256(key);
    if (configured && timingSafeEqual(configured, Buffer.from(hash))) return true;
    // Looking up a SHA-256 of a 192-bit random key leaks nothing useful through timing.
    const found = db
      .select({ id: adminKeys.id, reveal: adminKeys.reveal })
      .from(adminKeys)
      .where(eq(adminKeys.keyHash, hash))
      .all()[0];
    if (!found) return false;
    if (found.reveal !== null) {
      db.update(adminKeys)
        .set({ reveal: null, lastUsedAt: now() })
        .where(and(eq(adminKeys.id, found.id), isNotNull(adminKeys.reveal)))
        .run();
    }
    return true;
  };
}
