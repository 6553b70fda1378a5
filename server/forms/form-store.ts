/** Forms and their immutable versions in SQLite. Knows nothing of HTTP. */
import { and, asc, eq } from 'drizzle-orm';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { type Db, writeTx } from '../storage/db.ts';
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

/** The form at `version`, or at its current version when `version` is omitted. */
export function getForm(db: Db, id: string, version?: number): StoredForm | undefined {
  const row = db.select().from(forms).where(eq(forms.id, id)).all()[0];
  if (!row) return undefined;
  const v = version ?? row.currentVersion;
  const def = db
    .select({ definition: formVersions.definition })
    .from(formVersions)
    .where(and(eq(formVersions.formId, id), eq(formVersions.version, v)))
    .all()[0];
  if (!def) return undefined;
  return {
    id,
    version: v,
    definition: def.definition as FormDefinition,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
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
