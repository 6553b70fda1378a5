/** Admin routes under `/v1/admin/leads`: list with filters and cursor, read, erase, export. */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import * as v from 'valibot';
import { stepsOf } from '../../shared/public-form.ts';
import { toFieldIssue } from '../../shared/submission.ts';
import { allDefinitions } from '../forms/form-store.ts';
import { notFound, validationError } from '../http/api-error.ts';
import type { Db } from '../storage/db.ts';
import { allLeads, toCsv, toNdjson } from './export.ts';
import { eraseLead, getLead, type LeadFilter, listLeads } from './lead-store.ts';

const MAX_PAGE = 200;
const Time = v.pipe(
  v.string(),
  v.isoTimestamp('Use an ISO 8601 time like 2026-11-24T10:00:00Z.'),
  v.transform(Date.parse),
);
const Query = v.object({
  formId: v.optional(v.string()),
  tier: v.optional(v.string()),
  since: v.optional(Time),
  until: v.optional(Time),
  cursor: v.optional(
    v.pipe(v.string(), v.regex(/^lead_[0-9a-z]+$/, 'Use the nextCursor of the previous page.')),
  ),
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(MAX_PAGE)),
    '50',
  ),
  format: v.optional(v.picklist(['csv', 'ndjson'], 'Use csv or ndjson.')),
});

function query(raw: Record<string, string>) {
  const result = v.safeParse(Query, raw);
  if (!result.success) throw validationError(result.issues.map(toFieldIssue), 'The query is invalid.');
  const { formId, tier, since, until, ...rest } = result.output;
  const filter: LeadFilter = {
    ...(formId ? { formId } : {}),
    ...(tier ? { tier } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  return { filter, ...rest };
}

/** The leads admin routes; `onQueued` wakes the dispatcher after an erasure. */
export function leadRoutes({ db, onQueued = () => {} }: { db: Db; onQueued?: () => void }) {
  const app = new Hono();

  app.get('/', (c) => {
    const { filter, cursor, limit } = query(c.req.query());
    const data = listLeads(db, { ...filter, limit, ...(cursor ? { before: cursor } : {}) });
    return c.json({ data, nextCursor: data.length === limit ? (data.at(-1)?.id ?? null) : null });
  });

  app.get('/export', (c) => {
    const { filter, format = 'csv' } = query(c.req.query());
    // Columns from every version: a field removed later still has answers in older leads.
    const definitions = allDefinitions(db, filter.formId);
    const answerKeys = [
      ...new Set(definitions.flatMap((d) => stepsOf(d).flatMap((s) => s.fields.map((x) => x.key)))),
    ];
    const consentKeys = [...new Set(definitions.flatMap((d) => (d.consents ?? []).map((x) => x.key)))];
    const pages = allLeads(db, filter);
    const chunks = format === 'csv' ? toCsv(pages, answerKeys, consentKeys) : toNdjson(pages);
    c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    c.header('content-disposition', `attachment; filename="leads.${format}"`);
    return stream(c, async (out) => {
      for (const chunk of chunks) await out.write(chunk);
    });
  });

  app.get('/:id', (c) => {
    const lead = getLead(db, c.req.param('id'));
    if (!lead) throw notFound('This lead');
    return c.json(lead);
  });

  app.delete('/:id', (c) => {
    if (!eraseLead(db, c.req.param('id'))) throw notFound('This lead');
    onQueued();
    return c.body(null, 204);
  });

  return app;
}
