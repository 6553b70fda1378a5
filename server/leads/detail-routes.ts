/**
 * What a lead's page shows beside the lead itself, under `/v1/admin/leads/:id`: how its score came
 * about (`/scoring`), and every webhook message about it with its deliveries and attempts (`/webhooks`).
 */
import { Hono } from 'hono';
import type { FormStore } from '../forms/form-store.ts';
import { notFound } from '../http/api-error.ts';
import { noQuery } from '../http/query.ts';
import { explainScore } from '../ingest/score-lead.ts';
import type { DeliveryLog } from '../webhooks/delivery-actions.ts';
import type { LeadStore } from './store.ts';

/** The lead detail routes. */
export function leadDetailRoutes({
  leads,
  forms,
  deliveries,
}: {
  leads: LeadStore;
  forms: FormStore;
  deliveries: DeliveryLog;
}) {
  const app = new Hono();
  const lead = async (id: string) => {
    const found = await leads.get(id);
    if (!found) throw notFound('This lead');
    return found;
  };

  // Worked out again from the answers stored and the form version they were scored on, the only inputs
  // scoring has: nothing more needs storing with each lead. `agrees` says whether it still gives the
  // stored score and tier (scoring code changed since would show here).
  app.get('/:id/scoring', noQuery, async (c) => {
    const { formId, formVersion, answers, score, tier } = await lead(c.req.param('id'));
    const form = await forms.get(formId, formVersion);
    if (!form) throw notFound('The form version of this lead');
    const explained = explainScore(form.definition, answers);
    return c.json({
      score,
      tier,
      parts: explained.parts,
      disqualifiedBy: explained.disqualifiedBy,
      agrees: explained.score === score && explained.tier === tier,
    });
  });

  app.get('/:id/webhooks', noQuery, async (c) => {
    const { id } = await lead(c.req.param('id'));
    return c.json({ data: (await deliveries.messagesAbout([id])).get(id) ?? [] });
  });

  return app;
}
