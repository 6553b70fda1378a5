/** Admin route `GET /v1/admin/forms/:id/blocked`: what the bot gates refused, per day and reason. */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { BlockedReport } from '../../shared/admin-forms-api.ts';
import type { FormStore } from '../forms/form-store.ts';
import { notFound } from '../http/api-error.ts';
import { parseQuery } from '../http/query.ts';
import type { AbuseStore } from './abuse-store.ts';

const DAY_IN_MS = 24 * 60 * 60 * 1000;

export const BlockedQuery = v.object({
  days: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer('Use a whole number of days.'),
      v.minValue(1),
      v.maxValue(366),
    ),
    '30',
  ),
});

/** Mounted under `/v1/admin/forms`. */
export function abuseRoutes({ forms, abuse }: { forms: FormStore; abuse: AbuseStore }) {
  const app = new Hono();
  app.get('/:id/blocked', async (c) => {
    const id = c.req.param('id');
    if (!(await forms.get(id))) throw notFound('This form');
    const { days } = parseQuery(c, BlockedQuery);
    const data = await abuse.listBlocked(id, Date.now() - (days - 1) * DAY_IN_MS);
    const total = data.reduce((sum, row) => sum + row.count, 0);
    return c.json({ data, total } satisfies BlockedReport);
  });
  return app;
}
