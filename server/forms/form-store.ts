/** Forms and their immutable versions in SQLite. Knows nothing of HTTP. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { type Db, preparedOnce, type Tx, writeTx } from '../storage/db.ts';
import { forms, formVersions } from '../storage/schema.ts';

/** A form at one version. */
export type StoredForm = {
  id: string;
  version: number;
  definition: FormDefinition;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
};

/** Stores a new form as version 1; returns undefined when the id is taken. */
export function createForm(db: Db, definition: FormDefinition, now = Date.now()): StoredForm | undefined {
  return writeTx(db, (tx) => {
    if (tx.select({ id: forms.id }).from(forms).where(eq(forms.id, definition.id)).all().length > 0)
      return undefined;
    tx.insert(forms).values({ id: definition.id, currentVersion: 1, createdAt: now, updatedAt: now }).run();
    tx.insert(formVersions).values({ formId: definition.id, version: 1, definition, createdAt: now }).run();
    return { id: definition.id, version: 1, definition, createdAt: now, updatedAt: now, archivedAt: null };
  });
}

/** Stores `definition` as the next version of form `id`; undefined when there is no such form. */
export function updateForm(
  db: Db,
  id: string,
  definition: FormDefinition,
  now = Date.now(),
): StoredForm | undefined {
  return writeTx(db, (tx) => {
    const row = tx.select().from(forms).where(eq(forms.id, id)).all()[0];
    if (!row) return undefined;
    const version = row.currentVersion + 1;
    tx.insert(formVersions).values({ formId: id, version, definition, createdAt: now }).run();
    tx.update(forms).set({ currentVersion: version, updatedAt: now }).where(eq(forms.id, id)).run();
    return { id, version, definition, createdAt: row.createdAt, updatedAt: now, archivedAt: row.archivedAt };
  });
}

/** Marks a form archived: it stops taking submissions; its leads stay. */
export function archiveForm(db: Db, id: string, now = Date.now()): boolean {
  return db.update(forms).set({ archivedAt: now, updatedAt: now }).where(eq(forms.id, id)).run().changes > 0;
}

/** Takes an archived form back: it takes submissions again, at its current version. */
export function restoreForm(db: Db, id: string, now = Date.now()): boolean {
  return db.update(forms).set({ archivedAt: null, updatedAt: now }).where(eq(forms.id, id)).run().changes > 0;
}

/** A version of a form, without its definition: what a list of versions shows. */
export type FormVersionInfo = { version: number; createdAt: number };

/** Every version of form `id`, newest first; undefined when there is no such form. */
export function formVersionList(db: Db, id: string): FormVersionInfo[] | undefined {
  if (!statements(db).row.get(id)) return undefined;
  return db
    .select({ version: formVersions.version, createdAt: formVersions.createdAt })
    .from(formVersions)
    .where(eq(formVersions.formId, id))
    .orderBy(desc(formVersions.version))
    .all();
}

// Every submission and every public fetch reads a form: its row (a better-sqlite3 statement, no drizzle
// mapping per call), then its version's definition (read once, below).
const statements = preparedOnce((conn) => ({
  row: conn.$client.prepare<
    [id: string],
    { current_version: number; created_at: number; updated_at: number; archived_at: number | null }
  >('SELECT current_version, created_at, updated_at, archived_at FROM forms WHERE id = ?'),
  definition: conn
    .select({ definition: formVersions.definition })
    .from(formVersions)
    .where(
      and(eq(formVersions.formId, sql.placeholder('id')), eq(formVersions.version, sql.placeholder('v'))),
    )
    .prepare(),
}));

// Versions parsed and kept, per connection. A version is never written twice, so an entry never goes
// stale, and this holds for another process sharing the file too. The form's row (current version,
// archived) is not kept: it changes, and one indexed read of it stays correct whoever changed it.
const MAX_CACHED_VERSIONS = 1000;
const versionCaches = new WeakMap<Db['$client'], Map<string, FormDefinition>>();

function definitionAt(conn: Db | Tx, id: string, version: number): FormDefinition | undefined {
  let cache = versionCaches.get(conn.$client);
  if (!cache) {
    cache = new Map();
    versionCaches.set(conn.$client, cache);
  }
  const key = `${id}@${version}`;
  let definition = cache.get(key);
  if (definition === undefined) {
    const row = statements(conn).definition.get({ id, v: version });
    if (!row) return undefined;
    definition = row.definition as FormDefinition;
    // Oldest first out: Map keeps insertion order.
    if (cache.size >= MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
    cache.set(key, definition);
  }
  return definition;
}

/**
 * The form at `version`, or at its current version when `version` is omitted. The definition is shared
 * with every caller (it is cached): read it, never change it.
 */
export function getForm(db: Db, id: string, version?: number): StoredForm | undefined {
  const row = statements(db).row.get(id);
  if (!row) return undefined;
  const v = version ?? row.current_version;
  const definition = definitionAt(db, id, v);
  if (!definition) return undefined;
  return {
    id,
    version: v,
    definition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/** Every form at its current version, oldest first. */
export function listForms(db: Db): StoredForm[] {
  return db
    .select({ id: forms.id })
    .from(forms)
    .orderBy(asc(forms.createdAt), asc(forms.id))
    .all()
    .flatMap(({ id }) => getForm(db, id) ?? []);
}

/** Every version of every form (or of one), oldest first: what leads may have been filled against. */
export function allDefinitions(db: Db, formId?: string): FormDefinition[] {
  return db
    .select({ definition: formVersions.definition })
    .from(formVersions)
    .where(formId ? eq(formVersions.formId, formId) : undefined)
    .orderBy(asc(formVersions.formId), asc(formVersions.version))
    .all()
    .map((r) => r.definition as FormDefinition);
}

/**
 * Forms and their immutable versions, as the rest of the server sees them: every call is a promise, so
 * the HTTP layer never learns which database (or which writer) is behind it.
 */
export interface FormStore {
  /** Stores a new form as version 1; undefined when the id is taken. */
  create(definition: FormDefinition, now?: number): Promise<StoredForm | undefined>;
  /** Stores the next version of form `id`; undefined when there is no such form. */
  update(id: string, definition: FormDefinition, now?: number): Promise<StoredForm | undefined>;
  /** Stops a form taking submissions; its leads stay. False when there is no such form. */
  archive(id: string, now?: number): Promise<boolean>;
  /** Lets an archived form take submissions again. False when there is no such form. */
  restore(id: string, now?: number): Promise<boolean>;
  /** Every version of form `id`, newest first; undefined when there is no such form. */
  versions(id: string): Promise<FormVersionInfo[] | undefined>;
  /** The form at `version`, or at its current one; its definition is shared (cached): never change it. */
  get(id: string, version?: number): Promise<StoredForm | undefined>;
  /** Every form at its current version, oldest first. */
  list(): Promise<StoredForm[]>;
  /** Every version of every form (or of one), oldest first: what leads may have been filled against. */
  allDefinitions(formId?: string): Promise<FormDefinition[]>;
}

/** The form store over one SQLite connection. */
export function sqliteFormStore(db: Db): FormStore {
  return {
    create: async (definition, now) => createForm(db, definition, now),
    update: async (id, definition, now) => updateForm(db, id, definition, now),
    archive: async (id, now) => archiveForm(db, id, now),
    restore: async (id, now) => restoreForm(db, id, now),
    versions: async (id) => formVersionList(db, id),
    get: async (id, version) => getForm(db, id, version),
    list: async () => listForms(db),
    allDefinitions: async (formId) => allDefinitions(db, formId),
  };
}
