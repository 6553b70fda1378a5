/** Admin routes under `/v1/admin/leads`: list with filters and cursor, read, erase, export. */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import * as v from 'valibot';
import type { LeadPage, StoredConsent } from '../../shared/admin-api.ts';
import { stepsOf } from '../../shared/public-form.ts';
import type { FormStore } from '../forms/form-store.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { type JsonBodyEnv, jsonBody } from '../http/json-body.ts';
import { noQuery, parseQuery } from '../http/query.ts';
import { validate } from '../http/validate.ts';
import { allLeads, toCsv, toNdjson } from './export.ts';
import type { LeadFilter } from './lead-store.ts';
import type { LeadStore } from './store.ts';

const MAX_PAGE = 200;
const Time = v.pipe(
  v.string(),
  v.isoTimestamp('Use an ISO 8601 time like 2026-11-24T10:00:00Z.'),
  v.transform(Date.parse),
);
const Filters = {
  formId: v.optional(v.string()),
  /** Matched on its normalised form, like data-subject requests. */
  email: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'Give an email address.'), v.maxLength(320))),
  tier: v.optional(v.string()),
  /** Words in the email address or any answer. */
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  /** `KEY:granted` or `KEY:not_granted`: the consent's state now, withdrawals counted. */
  consent: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[a-z][a-z0-9_]{0,63}:(granted|not_granted)$/, 'Use KEY:granted or KEY:not_granted.'),
      v.transform((s) => {
        const [key = '', state] = s.split(':');
        return { key, granted: state === 'granted' };
      }),
    ),
  ),
  since: v.optional(Time),
  until: v.optional(Time),
};
export const ListQuery = v.object({
  ...Filters,
  cursor: v.optional(
    v.pipe(v.string(), v.regex(/^lead_[0-9a-z]+$/, 'Use the nextCursor of the previous page.')),
  ),
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(MAX_PAGE)),
    '50',
  ),
});
export const ExportQuery = v.object({
  ...Filters,
  format: v.optional(v.picklist(['csv', 'ndjson'], 'Use csv or ndjson.')),
});

export const Withdrawal = v.strictObject({
  /** How the withdrawal reached you: `email`, `phone`, `letter`, `unsubscribe_link`, … */
  source: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'Say how the withdrawal reached you.'),
    v.maxLength(100),
  ),
  note: v.optional(v.pipe(v.string(), v.maxLength(1000))),
});
const MAX_ADMIN_BODY_IN_BYTES = 16 * 1024;

// The store's filter from a parsed query, and the rest of the query beside it.
function toFilter<Q extends v.InferOutput<v.ObjectSchema<typeof Filters, undefined>>>(query: Q) {
  const { formId, email, tier, q, consent, since, until, ...rest } = query;
  const filter: LeadFilter = {
    ...(q ? { search: q } : {}),
    ...(consent ? { consent } : {}),
    ...(formId ? { formId } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(tier ? { tier } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  return { filter, ...rest };
}

/** The leads admin routes; `onQueued` wakes the dispatcher after an erasure. */
export function leadRoutes({
  leads,
  forms,
  onQueued = () => {},
}: {
  leads: LeadStore;
  forms: FormStore;
  onQueued?: () => void;
}) {
  const app = new Hono<JsonBodyEnv>();

  app.get('/', async (c) => {
    const { filter, cursor, limit } = toFilter(parseQuery(c, ListQuery));
    const data = await leads.list({ ...filter, limit, ...(cursor ? { before: cursor } : {}) });
    const page: LeadPage = { data, nextCursor: data.length === limit ? (data.at(-1)?.id ?? null) : null };
    return c.json(page);
  });

  app.get('/export', async (c) => {
    const { filter, format = 'csv' } = toFilter(parseQuery(c, ExportQuery));
    // Columns from every version: a field removed later still has answers in older leads.
    const definitions = await forms.allDefinitions(filter.formId);
    const answerKeys = [
      ...new Set(definitions.flatMap((d) => stepsOf(d).flatMap((s) => s.fields.map((x) => x.key)))),
    ];
    const consentKeys = [...new Set(definitions.flatMap((d) => (d.consents ?? []).map((x) => x.key)))];
    const pages = allLeads(leads, filter);
    const chunks = format === 'csv' ? toCsv(pages, answerKeys, consentKeys) : toNdjson(pages);
    c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    c.header('content-disposition', `attachment; filename="leads.${format}"`);
    return stream(c, async (out) => {
      for await (const chunk of chunks) await out.write(chunk);
    });
  });

  app.get('/:id', noQuery, async (c) => {
    const lead = await leads.get(c.req.param('id'));
    if (!lead) throw notFound('This lead');
    return c.json(lead);
  });

  app.post(
    '/:id/consents/:key/withdraw',
    noQuery,
    jsonBody({ maxSizeInBytes: MAX_ADMIN_BODY_IN_BYTES }),
    async (c) => {
      const leadId = c.req.param('id');
      const withdrawal = validate(Withdrawal, c.get('body'));
      const result = await leads.withdrawConsent(leadId, c.req.param('key'), withdrawal);
      if (!result.ok) {
        if (result.reason === 'no_lead') throw notFound('This lead');
        if (result.reason === 'no_consent') throw notFound('This consent of the lead');
        throw new ApiError(
          409,
          'consent_not_granted',
          'This consent is not granted now: there is nothing to withdraw.',
        );
      }
      onQueued();
      return c.json({ leadId, consent: result.consent satisfies StoredConsent }, 201);
    },
  );

  app.delete('/:id', noQuery, async (c) => {
    if ((await leads.erase([c.req.param('id')])).length === 0) throw notFound('This lead');
    onQueued();
    return c.body(null, 204);
  });

  return app;
}
