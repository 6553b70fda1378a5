/** Reading stored leads. Knows nothing of HTTP. */
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { StoredLead } from '../../shared/admin-api.ts';
import type { LeadData } from '../../shared/events.ts';
import type { Db, Tx } from '../storage/db.ts';
import { leadAnswers, leadConsentEvents, leadConsents, leads } from '../storage/schema.ts';
import { normalizeEmail } from './email.ts';

export type LeadFilter = {
  id?: string;
  formId?: string;
  tier?: string;
  since?: number;
  until?: number;
  /** Any form of the address: it is matched normalised. */
  email?: string;
  /** Words found, case-insensitively, in the email address or in any answer (a name, a company). */
  search?: string;
  /** Leads whose consent `key` is granted now (withdrawals counted), or not. */
  consent?: { key: string; granted: boolean };
};

export type { ConsentChange, StoredConsent, StoredLead } from '../../shared/admin-api.ts';

const iso = (ms: number) => new Date(ms).toISOString();

// LIKE's wildcards in what a person typed are meant literally.
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function searching(words: string) {
  const pattern = `%${likeEscaped(words.toLowerCase())}%`;
  // Answers are JSON text: a string answer is found inside its quotes, a list's items among theirs.
  return sql`(${leads.email} LIKE ${pattern} ESCAPE '\\' OR EXISTS (SELECT 1 FROM ${leadAnswers} WHERE ${leadAnswers.leadId} = ${leads.id} AND ${leadAnswers.value} LIKE ${pattern} ESCAPE '\\'))`;
}

// A consent's state now: its latest change, else the decision as given (absent: not granted).
function consentGranted(key: string, granted: boolean) {
  return sql`COALESCE((SELECT ${leadConsentEvents.granted} FROM ${leadConsentEvents} WHERE ${leadConsentEvents.leadId} = ${leads.id} AND ${leadConsentEvents.consentKey} = ${key} ORDER BY ${leadConsentEvents.id} DESC LIMIT 1), (SELECT ${leadConsents.granted} FROM ${leadConsents} WHERE ${leadConsents.leadId} = ${leads.id} AND ${leadConsents.consentKey} = ${key}), 0) = ${granted ? 1 : 0}`;
}

function matching(filter: LeadFilter & { before?: string }) {
  return and(
    filter.search ? searching(filter.search) : undefined,
    filter.consent ? consentGranted(filter.consent.key, filter.consent.granted) : undefined,
    filter.id ? eq(leads.id, filter.id) : undefined,
    filter.formId ? eq(leads.formId, filter.formId) : undefined,
    filter.tier ? eq(leads.tier, filter.tier) : undefined,
    filter.email !== undefined ? eq(leads.email, normalizeEmail(filter.email)) : undefined,
    filter.since !== undefined ? gte(leads.createdAt, filter.since) : undefined,
    filter.until !== undefined ? lte(leads.createdAt, filter.until) : undefined,
    // Ids are time-ordered, so the id is a stable cursor even for leads of the same millisecond.
    filter.before ? lt(leads.id, filter.before) : undefined,
  );
}

/** The ids of up to `limit` leads matching `filter`, oldest first: what erasure works through. */
export function leadIds(db: Db | Tx, filter: LeadFilter, limit: number): string[] {
  return (
    db
      .select({ id: leads.id })
      .from(leads)
      .where(matching(filter))
      // By time, so that `(form_id, created_at)` serves a retention sweep without sorting the backlog.
      .orderBy(asc(leads.createdAt))
      .limit(limit)
      .all()
      .map((r) => r.id)
  );
}

/** Leads newest first, `limit` at a time; pass the last id seen as `before` for the next page. */
export function listLeads(
  db: Db | Tx,
  filter: LeadFilter & { before?: string; limit: number },
): StoredLead[] {
  const rows = db
    .select()
    .from(leads)
    .where(matching(filter))
    .orderBy(desc(leads.id))
    .limit(filter.limit)
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // In the order they were stored, which is the form's order.
  const answers = db
    .select()
    .from(leadAnswers)
    .where(inArray(leadAnswers.leadId, ids))
    .orderBy(sql`rowid`)
    .all();
  const consents = db
    .select()
    .from(leadConsents)
    .where(inArray(leadConsents.leadId, ids))
    .orderBy(sql`rowid`)
    .all();
  const changes = db
    .select()
    .from(leadConsentEvents)
    .where(inArray(leadConsentEvents.leadId, ids))
    .orderBy(leadConsentEvents.id)
    .all();
  return toStoredLeads(rows, answers, consents, changes);
}

type LeadRow = Pick<
  typeof leads.$inferSelect,
  'id' | 'formId' | 'formVersion' | 'score' | 'tier' | 'context' | 'createdAt'
>;
type AnswerRow = { leadId: string; fieldKey: string; value: unknown };
type ConsentRow = Pick<
  typeof leadConsents.$inferSelect,
  'leadId' | 'consentKey' | 'granted' | 'text' | 'textSha256' | 'formVersion' | 'recordedAt'
>;
type ChangeRow = Pick<
  typeof leadConsentEvents.$inferSelect,
  'leadId' | 'consentKey' | 'granted' | 'source' | 'note' | 'recordedAt'
>;

/** Leads as the admin API shows them, from their rows (answers and consents in the order given). */
export function toStoredLeads(
  rows: LeadRow[],
  answers: AnswerRow[],
  consents: ConsentRow[],
  changes: ChangeRow[],
): StoredLead[] {
  return rows.map((r) => ({
    id: r.id,
    formId: r.formId,
    formVersion: r.formVersion,
    answers: Object.fromEntries(
      answers.filter((a) => a.leadId === r.id).map((a) => [a.fieldKey, a.value]),
    ) as LeadData['answers'],
    consents: consents
      .filter((c) => c.leadId === r.id)
      .map((c) => {
        const history = changes
          .filter((e) => e.leadId === r.id && e.consentKey === c.consentKey)
          .map((e) => ({
            granted: e.granted,
            source: e.source,
            note: e.note,
            recordedAt: iso(e.recordedAt),
          }));
        return {
          key: c.consentKey,
          granted: c.granted,
          text: c.text,
          textSha256: c.textSha256,
          formVersion: c.formVersion,
          recordedAt: iso(c.recordedAt),
          grantedNow: history.at(-1)?.granted ?? c.granted,
          history,
        };
      }),
    score: r.score,
    tier: r.tier,
    context: r.context as LeadData['context'],
    createdAt: iso(r.createdAt),
  }));
}

/** One lead, whole. */
export function getLead(db: Db | Tx, id: string): StoredLead | undefined {
  return listLeads(db, { id, limit: 1 })[0];
}

/** Leads created in [since, until] (ms), counted per form and tier. */
export function countByFormAndTier(db: Db, since: number, until: number) {
  return db
    .select({ formId: leads.formId, tier: leads.tier, count: sql<number>`count(*)` })
    .from(leads)
    .where(and(gte(leads.createdAt, since), lte(leads.createdAt, until)))
    .groupBy(leads.formId, leads.tier)
    .orderBy(asc(leads.formId), asc(leads.tier))
    .all();
}
