/**
 * Leads stored before `leads.email` existed (migration 0003) get it filled in from their answers, so an
 * access or erasure request by email finds them too. Runs at start; a lead without an email answer stays
 * null and costs a look at each start.
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { stepsOf } from '../../shared/public-form.ts';
import { getForm } from '../forms/form-store.ts';
import { type Db, writeTx } from '../storage/db.ts';
import { leadAnswers, leads } from '../storage/schema.ts';
import { firstEmail } from './email.ts';

const BATCH = 500;

/** Fills `leads.email` where it is missing; returns how many leads got one. */
export function backfillLeadEmails(db: Db): number {
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
    if (rows.length === 0) return filled;
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
    writeTx(db, (tx) => {
      for (const r of rows) {
        const own = Object.fromEntries(
          answers.filter((a) => a.leadId === r.id).map((a) => [a.fieldKey, a.value]),
        );
        const email = firstEmail(fieldsOf(r.formId, r.formVersion), own);
        if (email === null) continue;
        tx.update(leads).set({ email }).where(eq(leads.id, r.id)).run();
        filled++;
      }
    });
  }
}
