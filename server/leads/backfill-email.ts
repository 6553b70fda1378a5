/**
 * Leads stored before `leads.email` existed (migration 0003) get it filled in from their answers, so an
 * access or erasure request by email finds them too. Called at every start, it does the work once: when it
 * has run to the end it says so in `data_migrations`, and later starts stop there (a lead without an email
 * answer stays null and is not looked at again; leads stored since get their email when they are stored).
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { stepsOf } from '../../shared/public-form.ts';
import { getForm } from '../forms/form-store.ts';
import { type Db, writeTx } from '../storage/db.ts';
import { dataMigrations, leadAnswers, leads } from '../storage/schema.ts';
import { firstEmail } from './email.ts';

const BATCH = 500;
const DONE = 'lead_emails';

/** Fills `leads.email` where it is missing; returns how many leads got one. */
export function backfillLeadEmails(db: Db, now = Date.now()): number {
  if (db.select().from(dataMigrations).where(eq(dataMigrations.name, DONE)).all().length > 0) return 0;
  const emailFields = new Map<string, { key: string; type: string }[]>();
  const fieldsOf = (formId: string, version: number) => {
    const key = `${formId}@${version}`;
    if (!emailFields.has(key)) {
      const form = getForm(db, formId, version);
      emailFields.set(key, form ? stepsOf(form.definition).flatMap((s) => s.fields) : []);
    }
    return emailFields.get(key) ?? [];
  };
  let filled = 0;
  let after = '';
  for (;;) {
    const rows = db
      .select({ id: leads.id, formId: leads.formId, formVersion: leads.formVersion })
      .from(leads)
      .where(and(isNull(leads.email), gt(leads.id, after)))
      .orderBy(asc(leads.id))
      .limit(BATCH)
      .all();
    if (rows.length === 0) {
      db.insert(dataMigrations).values({ name: DONE, doneAt: now }).onConflictDoNothing().run();
      return filled;
    }
    after = rows.at(-1)?.id ?? after;
    const answers = db
      .select()
      .from(leadAnswers)
      .where(
        inArray(
          leadAnswers.leadId,
          rows.map((r) => r.id),
        ),
      )
      .all();
    const byLead = new Map<string, Record<string, unknown>>();
    for (const a of answers) {
      const own = byLead.get(a.leadId) ?? {};
      own[a.fieldKey] = a.value;
      byLead.set(a.leadId, own);
    }
    writeTx(db, (tx) => {
      for (const r of rows) {
        const own = byLead.get(r.id) ?? {};
        const email = firstEmail(fieldsOf(r.formId, r.formVersion), own);
        if (email === null) continue;
        tx.update(leads).set({ email }).where(eq(leads.id, r.id)).run();
        filled++;
      }
    });
  }
}
