/**
 * Admin routes under `/v1/admin/people`: data-subject requests by email. Find a person's leads, export
 * everything held about them, erase all of it. The address is matched on its normalised form.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { PersonErasure } from '../../shared/admin-api.ts';
import { parseQuery } from '../http/query.ts';
import { normalizeEmail } from '../leads/email.ts';
import type { LeadStore } from '../leads/store.ts';
import type { DeliveryLog } from '../webhooks/delivery-actions.ts';
import { exportSubject, leadsOf } from './subject-export.ts';

// An erasure request is a handful of leads; a bot that used someone's address may have made thousands.
const ERASE_BATCH = 100;

/** `?email=` and nothing else: a request without it must never mean "everyone". */
export const ByEmail = v.object({
  email: v.pipe(
    v.string('Give the email address, as ?email=.'),
    v.trim(),
    v.maxLength(320),
    v.includes('@', 'Give an email address.'),
  ),
});

/** The data-subject routes; `onQueued` wakes the dispatcher after an erasure (`lead.erased` per lead). */
export function peopleRoutes({
  leads,
  deliveries,
  onQueued = () => {},
}: {
  leads: LeadStore;
  deliveries: DeliveryLog;
  onQueued?: () => void;
}) {
  const app = new Hono();

  app.get('/', async (c) => {
    const { email } = parseQuery(c, ByEmail);
    return c.json({ email: normalizeEmail(email), data: await leadsOf(leads, email) });
  });

  app.get('/export', async (c) => {
    const { email } = parseQuery(c, ByEmail);
    c.header('content-disposition', 'attachment; filename="leadgate-subject-export.json"');
    return c.json(await exportSubject({ leads, deliveries }, email));
  });

  app.delete('/', async (c) => {
    const { email } = parseQuery(c, ByEmail);
    const erased: string[] = [];
    for (;;) {
      const batch = await leads.eraseMatching({ email }, ERASE_BATCH);
      if (batch.length === 0) break;
      erased.push(...batch);
    }
    if (erased.length > 0) onQueued();
    return c.json({ email: normalizeEmail(email), erased } satisfies PersonErasure);
  });

  return app;
}
