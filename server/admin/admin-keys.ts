/** Admin keys: one may come from the environment; otherwise one is generated on first start. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { Db } from '../storage/db.ts';
import { adminKeys } from '../storage/schema.ts';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Generates and stores a key when none is configured or stored; returns it (to print once) or undefined. */
export function ensureAdminKey(
  db: Db,
  configuredKey: string | undefined,
  now = Date.now(),
): string | undefined {
  if (configuredKey) return undefined;
  const stored = db.select({ n: count() }).from(adminKeys).all()[0]?.n ?? 0;
  if (stored > 0) return undefined;
  const key = `lg_admin_${randomBytes(24).toString('base64url')}`;
  db.insert(adminKeys)
    .values({ id: newId('key', now), keyHash: sha256(key), createdAt: now })
    .run();
  return key;
}

/** Returns a checker for presented keys: the configured key (compared in constant time) or a stored one. */
export function adminKeyChecker(db: Db, configuredKey: string | undefined): (key: string) => boolean {
  const configured = configuredKey ? Buffer.from(sha256(configuredKey)) : undefined;
  return function isValidKey(key) {
    const hash = sha256(key);
    if (configured && timingSafeEqual(configured, Buffer.from(hash))) return true;
    // Looking up a SHA-256 of a 192-bit random key leaks nothing useful through timing.
    return (
      db.select({ id: adminKeys.id }).from(adminKeys).where(eq(adminKeys.keyHash, hash)).all().length > 0
    );
  };
}
