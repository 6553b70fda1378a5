/** The form store on PostgreSQL: the same immutable versions, and the same per-process version cache. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { FormDefinition } from '../../shared/form-definition.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { forms, formVersions } from '../storage/pg/schema.ts';
import type { FormStore, StoredForm } from './form-store.ts';

const MAX_CACHED_VERSIONS = 1000;

export function pgFormStore(db: PgDb): FormStore {
  // Read by every submission. Named, so postgres.js prepares it once per connection: drizzle sends its
  // unnamed queries unprepared, and postgres.js then asks for their parameter types first, a round trip more.
  const formRow = db
    .select()
    .from(forms)
    .where(eq(forms.id, sql.placeholder('id')))
    .prepare('form_row');
  // A version is never written twice, so a cached one never goes stale, whichever instance wrote it.
  const versions = new Map<string, FormDefinition>();
  const definitionAt = async (id: string, version: number) => {
    const key = `${id}@${version}`;
    let definition = versions.get(key);
    if (definition === undefined) {
      const [row] = await db
        .select({ definition: formVersions.definition })
        .from(formVersions)
        .where(and(eq(formVersions.formId, id), eq(formVersions.version, version)));
      if (!row) return undefined;
      definition = row.definition as FormDefinition;
      if (versions.size >= MAX_CACHED_VERSIONS) versions.delete(versions.keys().next().value as string);
      versions.set(key, definition);
    }
    return definition;
  };
  const get = async (id: string, version?: number): Promise<StoredForm | undefined> => {
    const [row] = await formRow.execute({ id });
    if (!row) return undefined;
    const v = version ?? row.currentVersion;
    const definition = await definitionAt(id, v);
    if (!definition) return undefined;
    return {
      id,
      version: v,
      definition,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      archivedAt: row.archivedAt,
    };
  };
  return {
    async create(definition, now = Date.now()) {
      return db.transaction(async (tx) => {
        // Insert-first: of two instances creating one id at once, one gets the row, the other nothing.
        const created = await tx
          .insert(forms)
          .values({ id: definition.id, currentVersion: 1, createdAt: now, updatedAt: now })
          .onConflictDoNothing()
          .returning({ id: forms.id });
        if (created.length === 0) return undefined;
        await tx
          .insert(formVersions)
          .values({ formId: definition.id, version: 1, definition, createdAt: now });
        return {
          id: definition.id,
          version: 1,
          definition,
          createdAt: now,
          updatedAt: now,
          archivedAt: null,
        };
      });
    },
    async update(id, definition, now = Date.now()) {
      return db.transaction(async (tx) => {
        // The row locked: two updates at once make two versions, one after the other.
        const [row] = await tx.select().from(forms).where(eq(forms.id, id)).for('update');
        if (!row) return undefined;
        const version = row.currentVersion + 1;
        await tx.insert(formVersions).values({ formId: id, version, definition, createdAt: now });
        await tx.update(forms).set({ currentVersion: version, updatedAt: now }).where(eq(forms.id, id));
        return {
          id,
          version,
          definition,
          createdAt: row.createdAt,
          updatedAt: now,
          archivedAt: row.archivedAt,
        };
      });
    },
    async archive(id, now = Date.now()) {
      const rows = await db
        .update(forms)
        .set({ archivedAt: now, updatedAt: now })
        .where(eq(forms.id, id))
        .returning({ id: forms.id });
      return rows.length > 0;
    },
    async restore(id, now = Date.now()) {
      const rows = await db
        .update(forms)
        .set({ archivedAt: null, updatedAt: now })
        .where(eq(forms.id, id))
        .returning({ id: forms.id });
      return rows.length > 0;
    },
    async versions(id) {
      const [row] = await db.select({ id: forms.id }).from(forms).where(eq(forms.id, id));
      if (!row) return undefined;
      return db
        .select({ version: formVersions.version, createdAt: formVersions.createdAt })
        .from(formVersions)
        .where(eq(formVersions.formId, id))
        .orderBy(desc(formVersions.version));
    },
    get,
    async list() {
      const ids = await db.select({ id: forms.id }).from(forms).orderBy(asc(forms.createdAt), asc(forms.id));
      const all = await Promise.all(ids.map(({ id }) => get(id)));
      return all.filter((f) => f !== undefined);
    },
    async allDefinitions(formId) {
      const rows = await db
        .select({ definition: formVersions.definition })
        .from(formVersions)
        .where(formId ? eq(formVersions.formId, formId) : undefined)
        .orderBy(asc(formVersions.formId), asc(formVersions.version));
      return rows.map((r) => r.definition as FormDefinition);
    },
  };
}
