/** Writing a new lead: its row, its answers and its consents, in the caller's transaction. */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ConsentRecord } from '../../shared/events.ts';
import { preparedOnce, type Tx } from '../storage/db.ts';
import { leadAnswers, leadConsents, leads } from '../storage/schema.ts';

/** A lead as accepted: times in ms; `email` normalised (what data-subject requests match on). */
export type NewLead = {
  id: string;
  formId: string;
  formVersion: number;
  email: string | null;
  score: number;
  tier: string;
  context: unknown;
  answers: Record<string, unknown>;
  consents: Pick<ConsentRecord, 'key' | 'granted' | 'text'>[];
  createdAt: number;
};

const p = (name: string) => sql.placeholder(name);

// Every accepted submission runs these: prepared once, one row each (answers and consents vary in count).
const statements = preparedOnce((conn) => ({
  lead: conn
    .insert(leads)
    .values({
      id: p('id'),
      formId: p('formId'),
      formVersion: p('formVersion'),
      email: p('email'),
      score: p('score'),
      tier: p('tier'),
      context: p('context'),
      createdAt: p('createdAt'),
    })
    .prepare(),
  answer: conn
    .insert(leadAnswers)
    .values({ leadId: p('leadId'), fieldKey: p('fieldKey'), value: p('value') })
    .prepare(),
  consent: conn
    .insert(leadConsents)
    .values({
      leadId: p('leadId'),
      consentKey: p('consentKey'),
      granted: p('granted'),
      text: p('text'),
      textSha256: p('textSha256'),
      formVersion: p('formVersion'),
      recordedAt: p('recordedAt'),
    })
    .prepare(),
}));

/** Stores `lead`, its answers and its consents (each with the SHA-256 of the exact text shown). */
export function insertLead(tx: Tx, lead: NewLead): void {
  const s = statements(tx);
  const { id: leadId, formVersion, createdAt } = lead;
  s.lead.run(lead);
  for (const [fieldKey, value] of Object.entries(lead.answers)) s.answer.run({ leadId, fieldKey, value });
  for (const c of lead.consents) {
    const textSha256 = createHash('sha256').update(c.text).digest('hex');
    s.consent.run({
      leadId,
      consentKey: c.key,
      granted: c.granted,
      text: c.text,
      textSha256,
      formVersion,
      recordedAt: createdAt,
    });
  }
}
