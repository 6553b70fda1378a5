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
function ensureAdminKey(db: Db, configuredKey: string | undefined, now: number): string | undefined {
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
 * The id of the stored key a presented key is, or undefined. A stored key's first use forgets its clear
 * text and records the time.
 */
function storedKeyId(db: Db, key: string, now: () => number): string | undefined {
  const hash = sha256(key);
  // Looking up a SHA-256 of a 192-bit random key leaks nothing useful through timing.
  const found = db
    .select({ id: adminKeys.id, reveal: adminKeys.reveal })
    .from(adminKeys)
    .where(eq(adminKeys.keyHash, hash))
    .all()[0];
  if (!found) return undefined;
  if (found.reveal !== null) {
    db.update(adminKeys)
      .set({ reveal: null, lastUsedAt: now() })
      .where(and(eq(adminKeys.id, found.id), isNotNull(adminKeys.reveal)))
      .run();
  }
  return found.id;
}

/** The admin keys, as the rest of the server sees them. */
export interface AdminKeyStore {
  /**
   * The generated key to print at this start, or undefined. With no configured key and none stored, a key
   * is generated, stored hashed, and in clear until its first use, so every start prints it until then.
   */
  ensure(configuredKey: string | undefined, now?: number): Promise<string | undefined>;
  /** Whether `key` is a stored admin key (its first use forgets its clear text). */
  isStored(key: string): Promise<boolean>;
  /** The id of the stored key `key` is, or undefined (as `isStored`). */
  resolve(key: string): Promise<string | undefined>;
  /** Whether a stored key with this id exists. */
  exists(id: string): Promise<boolean>;
}

/** The admin keys over one SQLite connection. */
export function sqliteAdminKeyStore(db: Db, now: () => number = Date.now): AdminKeyStore {
  return {
    ensure: async (configuredKey, at = now()) => ensureAdminKey(db, configuredKey, at),
    isStored: async (key) => storedKeyId(db, key, now) !== undefined,
    resolve: async (key) => storedKeyId(db, key, now),
    exists: async (id) =>
      db.select({ id: adminKeys.id }).from(adminKeys).where(eq(adminKeys.id, id)).all().length > 0,
  };
}

/**
 * Returns a checker for presented keys: the configured key (compared in constant time) or a stored one.
 */
export function adminKeyChecker(
  keys: AdminKeyStore,
  configuredKey: string | undefined,
): (key: string) => Promise<boolean> {
  const configured = configuredKey ? Buffer.from(sha256(configuredKey)) : undefined;
  return async function isValidKey(key) {
    if (configured && timingSafeEqual(configured, Buffer.from(sha256(key)))) return true;
    return keys.isStored(key);
  };
}

/** Which key a presented key is: a stored key's id, or `env:` and a hash prefix of the configured one. */
export type KeyRef = string;

const ENV_REF_PREFIX = 'env:';
// A prefix of the hash, not the hash: the ref is stored beside sessions and need not identify the key.
const envRef = (configuredHash: string): KeyRef => `${ENV_REF_PREFIX}${configuredHash.slice(0, 16)}`;

/** Returns a resolver for presented keys (as `adminKeyChecker`): the key's `KeyRef`, or undefined. */
export function adminKeyResolver(
  keys: AdminKeyStore,
  configuredKey: string | undefined,
): (key: string) => Promise<KeyRef | undefined> {
  const configuredHash = configuredKey ? sha256(configuredKey) : undefined;
  const configured = configuredHash ? Buffer.from(configuredHash) : undefined;
  return async function resolveKey(key) {
    if (configured && configuredHash && timingSafeEqual(configured, Buffer.from(sha256(key))))
      return envRef(configuredHash);
    return keys.resolve(key);
  };
}

/**
 * Whether the key `ref` names is still accepted: the configured key as configured now (a changed
 * `LEADGATE_ADMIN_KEY` ends the sessions of the old one), or a stored key that still exists.
 */
export function keyRefChecker(
  keys: AdminKeyStore,
  configuredKey: string | undefined,
): (ref: KeyRef) => Promise<boolean> {
  const current = configuredKey ? envRef(sha256(configuredKey)) : undefined;
  return async function isLiveRef(ref) {
    if (ref.startsWith(ENV_REF_PREFIX)) return ref === current;
    return keys.exists(ref);
  };
}
