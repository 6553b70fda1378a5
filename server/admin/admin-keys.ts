/** Admin keys: one may come from the environment; otherwise one is generated on first start. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { newId } from '../ids.ts';
import { type Db, writeTx } from '../storage/db.ts';
import { adminKeys } from '../storage/schema.ts';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** `last_used_at` is written at most this often: a use a minute is precise enough, a write per request is not. */
export const LAST_USED_EVERY_IN_MS = 60 * 1000;

/** The name of the key generated at the first start. */
export const FIRST_KEY_NAME = 'Generated at first start';

/** A new admin key: `lg_admin_` and 192 random bits. */
export const generateAdminKey = (): string => `lg_admin_${randomBytes(24).toString('base64url')}`;

/** A stored key as the admin API lists it: never its hash or its clear text. */
export type StoredAdminKey = { id: string; name: string; createdAt: number; lastUsedAt: number | null };

/** What revoking gave: done, no such key, or refused because it is the last key that opens the admin API. */
export type RevokeOutcome = 'revoked' | 'not_found' | 'last_key';

// The row's use, recorded when the last one written is older than a minute. The condition is in the
// UPDATE, so requests racing each other write once.
const staleUse = (now: number) =>
  or(isNull(adminKeys.lastUsedAt), lt(adminKeys.lastUsedAt, now - LAST_USED_EVERY_IN_MS));

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
  const key = generateAdminKey();
  db.insert(adminKeys)
    .values({
      id: newId('key', now),
      name: FIRST_KEY_NAME,
      keyHash: sha256(key),
      reveal: key,
      createdAt: now,
    })
    .run();
  return key;
}

/** Records a use of a stored key (at most once a minute); false when there is no such key. */
function recordUse(db: Db, id: string, now: number): boolean {
  const row = db
    .select({ lastUsedAt: adminKeys.lastUsedAt })
    .from(adminKeys)
    .where(eq(adminKeys.id, id))
    .all()[0];
  if (!row) return false;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_EVERY_IN_MS)
    db.update(adminKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(adminKeys.id, id), staleUse(now)))
      .run();
  return true;
}

/**
 * Deletes a stored key; with `keepOne` (no key configured in the environment), not the last one, which
 * would leave nobody able to sign in. Under the write lock, so two revocations cannot both pass the count.
 */
function revokeKey(db: Db, id: string, keepOne: boolean): RevokeOutcome {
  return writeTx(db, (tx) => {
    const exists = tx.select({ id: adminKeys.id }).from(adminKeys).where(eq(adminKeys.id, id)).all();
    if (exists.length === 0) return 'not_found';
    if (keepOne && (tx.select({ n: count() }).from(adminKeys).all()[0]?.n ?? 0) <= 1) return 'last_key';
    tx.delete(adminKeys).where(eq(adminKeys.id, id)).run();
    return 'revoked';
  });
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
  const at = now();
  if (found.reveal !== null) {
    db.update(adminKeys)
      .set({ reveal: null, lastUsedAt: at })
      .where(and(eq(adminKeys.id, found.id), isNotNull(adminKeys.reveal)))
      .run();
  } else recordUse(db, found.id, at);
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
  /** Whether a stored key with this id exists; if so, records a use (at most once a minute). */
  used(id: string, now?: number): Promise<boolean>;
  /** The stored keys, oldest first. */
  list(): Promise<StoredAdminKey[]>;
  /** Stores a new named key, hashed; its clear text is returned here and never again. */
  create(name: string, now?: number): Promise<StoredAdminKey & { key: string }>;
  /** Deletes a stored key; with `keepOne`, never the last one (see `RevokeOutcome`). */
  revoke(id: string, keepOne: boolean): Promise<RevokeOutcome>;
}

const listed = {
  id: adminKeys.id,
  name: adminKeys.name,
  createdAt: adminKeys.createdAt,
  lastUsedAt: adminKeys.lastUsedAt,
};

/** A new key's row and its clear text. */
export function newAdminKey(name: string, now: number) {
  const key = generateAdminKey();
  return { key, row: { id: newId('key', now), name, keyHash: sha256(key), createdAt: now } };
}

/** The admin keys over one SQLite connection. */
export function sqliteAdminKeyStore(db: Db, now: () => number = Date.now): AdminKeyStore {
  return {
    ensure: async (configuredKey, at = now()) => ensureAdminKey(db, configuredKey, at),
    isStored: async (key) => storedKeyId(db, key, now) !== undefined,
    resolve: async (key) => storedKeyId(db, key, now),
    used: async (id, at = now()) => recordUse(db, id, at),
    list: async () => db.select(listed).from(adminKeys).orderBy(asc(adminKeys.createdAt)).all(),
    async create(name, at = now()) {
      const { key, row } = newAdminKey(name, at);
      db.insert(adminKeys).values(row).run();
      return { id: row.id, name, createdAt: at, lastUsedAt: null, key };
    },
    revoke: async (id, keepOne) => revokeKey(db, id, keepOne),
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

/**
 * When the configured key was last used, since this process started: it has no row to keep it in, and
 * each instance knows only its own requests.
 */
export type EnvKeyUse = { lastUsedAt: number | null };

/** Returns a resolver for presented keys (as `adminKeyChecker`): the key's `KeyRef`, or undefined. */
export function adminKeyResolver(
  keys: AdminKeyStore,
  configuredKey: string | undefined,
  envUse: EnvKeyUse = { lastUsedAt: null },
  now: () => number = Date.now,
): (key: string) => Promise<KeyRef | undefined> {
  const configuredHash = configuredKey ? sha256(configuredKey) : undefined;
  const configured = configuredHash ? Buffer.from(configuredHash) : undefined;
  return async function resolveKey(key) {
    if (configured && configuredHash && timingSafeEqual(configured, Buffer.from(sha256(key)))) {
      envUse.lastUsedAt = now();
      return envRef(configuredHash);
    }
    return keys.resolve(key);
  };
}

/**
 * Whether the key `ref` names is still accepted: the configured key as configured now (a changed
 * `LEADGATE_ADMIN_KEY` ends the sessions of the old one), or a stored key that still exists (a revoked
 * one ends its sessions). A session's request counts as a use of its key.
 */
export function keyRefChecker(
  keys: AdminKeyStore,
  configuredKey: string | undefined,
  envUse: EnvKeyUse = { lastUsedAt: null },
  now: () => number = Date.now,
): (ref: KeyRef) => Promise<boolean> {
  const current = configuredKey ? envRef(sha256(configuredKey)) : undefined;
  return async function isLiveRef(ref) {
    if (ref.startsWith(ENV_REF_PREFIX)) {
      if (ref !== current) return false;
      envUse.lastUsedAt = now();
      return true;
    }
    return keys.used(ref, now());
  };
}
