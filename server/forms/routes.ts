/**
 * Admin routes under `/v1/admin/forms`: create, list, read, update (a new version), its versions, archive
 * and restore.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { FormRecord, FormVersionList, RefusedOriginList } from '../../shared/admin-forms-api.ts';
import { FormDefinition } from '../../shared/form-definition.ts';
import { toFieldIssue } from '../../shared/submission.ts';
import { ApiError, notFound, validationError } from '../http/api-error.ts';
import { type JsonBodyEnv, jsonBody } from '../http/json-body.ts';
import { noQuery } from '../http/query.ts';
import type { FormStore, StoredForm } from './form-store.ts';
import { unsafePatterns } from './pattern-safety.ts';
import type { RefusedOrigins } from './refused-origins.ts';

const MAX_DEFINITION_IN_BYTES = 256 * 1024;

const toJson = (f: StoredForm): FormRecord => ({
  id: f.id,
  version: f.version,
  definition: f.definition,
  createdAt: new Date(f.createdAt).toISOString(),
  updatedAt: new Date(f.updatedAt).toISOString(),
  archivedAt: f.archivedAt === null ? null : new Date(f.archivedAt).toISOString(),
});

function parseDefinition(body: unknown): FormDefinition {
  const result = v.safeParse(FormDefinition, body);
  const issues = result.success ? unsafePatterns(result.output) : result.issues.map(toFieldIssue);
  if (!result.success || issues.length > 0) throw validationError(issues, 'The form definition is invalid.');
  return result.output;
}

/** The form admin routes. */
export function formRoutes({ forms, refusedOrigins }: { forms: FormStore; refusedOrigins: RefusedOrigins }) {
  const app = new Hono<JsonBodyEnv>();
  const body = jsonBody({ maxSizeInBytes: MAX_DEFINITION_IN_BYTES });
  // None of these routes takes a query parameter. (Per route, not `use('*')`: other routes live under
  // /v1/admin/forms too, such as /:id/blocked?days=.)

  app.post('/', noQuery, body, async (c) => {
    const created = await forms.create(parseDefinition(c.get('body')));
    if (!created) throw new ApiError(409, 'form_exists', 'A form with this id exists; PUT to change it.');
    return c.json(toJson(created), 201);
  });
  app.get('/', noQuery, async (c) => c.json({ data: (await forms.list()).map(toJson) }));
  app.get('/:id', noQuery, async (c) => {
    const form = await forms.get(c.req.param('id'));
    if (!form) throw notFound('This form');
    return c.json(toJson(form));
  });
  app.get('/:id/versions', noQuery, async (c) => {
    const versions = await forms.versions(c.req.param('id'));
    if (!versions) throw notFound('This form');
    return c.json({
      data: versions.map((v) => ({ version: v.version, createdAt: new Date(v.createdAt).toISOString() })),
    } satisfies FormVersionList);
  });
  // The sites the form turned away lately, so the console can offer to allow one.
  app.get('/:id/refused-origins', noQuery, async (c) => {
    const id = c.req.param('id');
    if (!(await forms.get(id))) throw notFound('This form');
    return c.json({
      data: refusedOrigins
        .list(id)
        .map((r) => ({ ...r, lastRefusedAt: new Date(r.lastRefusedAt).toISOString() })),
    } satisfies RefusedOriginList);
  });
  // A lead points at the version it was filled on: its labels, options and rules are read from there.
  app.get('/:id/versions/:version', noQuery, async (c) => {
    const version = Number(c.req.param('version'));
    const form =
      Number.isSafeInteger(version) && version > 0 ? await forms.get(c.req.param('id'), version) : undefined;
    if (!form) throw notFound('This form version');
    return c.json(toJson(form));
  });
  app.put('/:id', noQuery, body, async (c) => {
    const id = c.req.param('id');
    const raw = c.get('body');
    // The id lives in the path; a body may omit it but not contradict it.
    const withId = raw && typeof raw === 'object' && !Array.isArray(raw) ? { id, ...raw } : raw;
    const definition = parseDefinition(withId);
    if (definition.id !== id) throw validationError([{ path: 'id', message: 'The id cannot change.' }]);
    const updated = await forms.update(id, definition);
    if (!updated) throw notFound('This form');
    return c.json(toJson(updated));
  });
  app.delete('/:id', noQuery, async (c) => {
    if (!(await forms.archive(c.req.param('id')))) throw notFound('This form');
    return c.body(null, 204);
  });
  // Archiving is undone here; the form comes back at its current version, its leads never left.
  app.post('/:id/restore', noQuery, async (c) => {
    const id = c.req.param('id');
    if (!(await forms.restore(id))) throw notFound('This form');
    const form = await forms.get(id);
    if (!form) throw notFound('This form');
    return c.json(toJson(form));
  });

  return app;
}
