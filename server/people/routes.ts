/**
 * Admin routes under `/v1/admin/people`: data-subject requests by email. Find a person's leads, export
 * everything held about them, erase all of it. The address is matched on its normalised form.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { parseQuery } from '../http/query.ts';
import { normalizeEmail } from '../leads/email.ts';
import { eraseMatching } from '../leads/erase-leads.ts';
import { allLeads } from '../leads/export.ts';
import type { Db } from '../storage/db.ts';
import { exportSubject } from './subject-export.ts';

// An erasure request is a handful of leads; a bot that used someone's address may have made thousands.
const ERASE_BATCH = 100;

/** `?email=` and nothing else: a request without it must never mean "everyone". */
const ByEmail = v.object({
  email: v.pipe(
    v.string('Give the email address, as ?email=.'),
    v.trim(),
    v.maxLength(320),
    v.includes('@', 'Give an email address.'),
  ),
});

/** The data-subject routes; `onQueued` wakes the dispatcher after an erasure (`lead.erased` per lead). */
export function peopleRoutes({ db, onQueued = () => {} }: { db: Db; onQueued?: () => void }) {
  const app = new Hono();

  app.get('/', (c) => {
    const { email } = parseQuery(c, ByEmail);
    return c.json({ email: normalizeEmail(email), data: [...allLeads(db, { email })].flat() });
  });

  app.get('/export', (c) => {
    const { email } = parseQuery(c, ByEmail);
    c.header('content-disposition', 'attachment; filename="leadgate-subject-export.json"');
    return c.json(exportSubject(db, email));
  });

  app.delete('/', (c) => {
    const { email } = parseQuery(c, ByEmail);
    const erased: string[] = [];
    for (;;) {
      const batch = eraseMatching(db, { email }, ERASE_BATCH);
      if (batch.length === 0) break;
      erased.push(...batch);
    }
    if (erased.length > 0) onQueued();
    return c.json({ email: normalizeEmail(email), erased });
  });

  return app;
}
