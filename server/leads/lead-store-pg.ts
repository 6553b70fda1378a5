/** The lead room on PostgreSQL: reading, inserting (in the ingest write's transaction), erasing, withdrawing. */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { PgConn, PgDb } from '../storage/pg/db.ts';
import { nulFreeJson } from '../storage/pg/nul-free.ts';
import { leadAnswers, leadConsentEvents, leadConsents, leads } from '../storage/pg/schema.ts';
import { pgEnqueueEvent, pgForgetLeadMessages } from '../webhooks/outbox-pg.ts';
import { normalizeEmail } from './email.ts';
import type { NewLead } from './insert-lead.ts';
import { type LeadFilter, type StoredLead, toStoredLeads } from './lead-store.ts';
import type { LeadStore } from './store.ts';
import { planWithdrawal } from './withdraw-consent.ts';

// LIKE's wildcards in what a person typed are meant literally.
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function searching(words: string) {
  const pattern = `%${likeEscaped(words.toLowerCase())}%`;
  // Answers are JSON: a string answer is found inside its quotes, a list's items among theirs.
  return sql`(${leads.email} ILIKE ${pattern} OR EXISTS (SELECT 1 FROM ${leadAnswers} WHERE ${leadAnswers.leadId} = ${leads.id} AND ${leadAnswers.value}::text ILIKE ${pattern}))`;
}

// A consent's state now: its latest change, else the decision as given (absent: not granted).
function consentGranted(key: string, granted: boolean) {
  return sql`COALESCE((SELECT ${leadConsentEvents.granted} FROM ${leadConsentEvents} WHERE ${leadConsentEvents.leadId} = ${leads.id} AND ${leadConsentEvents.consentKey} = ${key} ORDER BY ${leadConsentEvents.id} DESC LIMIT 1), (SELECT ${leadConsents.granted} FROM ${leadConsents} WHERE ${leadConsents.leadId} = ${leads.id} AND ${leadConsents.consentKey} = ${key}), false) = ${granted}`;
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
    filter.before ? lt(leads.id, filter.before) : undefined,
  );
}

async function listLeads(
  db: PgConn,
  filter: LeadFilter & { before?: string; limit: number },
): Promise<StoredLead[]> {
  const rows = await db
    .select()
    .from(leads)
    .where(matching(filter))
    .orderBy(desc(leads.id))
    .limit(filter.limit);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [answers, consents, changes] = await Promise.all([
    db.select().from(leadAnswers).where(inArray(leadAnswers.leadId, ids)).orderBy(asc(leadAnswers.position)),
    db
      .select()
      .from(leadConsents)
      .where(inArray(leadConsents.leadId, ids))
      .orderBy(asc(leadConsents.position)),
    db
      .select()
      .from(leadConsentEvents)
      .where(inArray(leadConsentEvents.leadId, ids))
      .orderBy(asc(leadConsentEvents.id)),
  ]);
  return toStoredLeads(rows, answers, consents, changes);
}

/**
 * The common table expressions that store `lead`, its answers and its consents (each with the SHA-256 of
 * the exact text shown), when `when` holds, for the caller's statement: `lead_row, lead_answer_rows,
 * lead_consent_rows`.
 */
export function insertLeadRows(
  sql: postgres.Sql,
  lead: NewLead,
  when: postgres.PendingQuery<postgres.Row[]>,
) {
  const { id, formVersion, createdAt } = lead;
  const answers = Object.entries(lead.answers);
  const consents = lead.consents;
  return sql`
    lead_row AS (
      INSERT INTO leads (id, form_id, form_version, email, score, tier, context, created_at)
      SELECT ${id}, ${lead.formId}, ${formVersion}, ${lead.email}, ${lead.score}, ${lead.tier},
             ${JSON.stringify(lead.context)}::jsonb, ${createdAt}
      WHERE ${when}
      RETURNING id
    ),
    -- The values go as text and become jsonb in SQL, past the JSON parameters' NUL check: done here.
    lead_answer_rows AS (
      INSERT INTO lead_answers (lead_id, position, field_key, value)
      SELECT lead_row.id, p, k, v::jsonb
      FROM lead_row,
           unnest(${sql.array(answers.map((_, i) => i))}::int[], ${sql.array(answers.map(([k]) => k))}::text[],
                  ${sql.array(answers.map(([, v]) => nulFreeJson(JSON.stringify(v))))}::text[]) AS a(p, k, v)
    ),
    lead_consent_rows AS (
      INSERT INTO lead_consents (lead_id, position, consent_key, granted, text, text_sha256, form_version, recorded_at)
      SELECT lead_row.id, p, k, g, t, h, ${formVersion}, ${createdAt}
      FROM lead_row,
           unnest(${sql.array(consents.map((_, i) => i))}::int[], ${sql.array(consents.map((c) => c.key))}::text[],
                  ${sql.array(consents.map((c) => c.granted))}::boolean[],
                  ${sql.array(consents.map((c) => c.text))}::text[],
                  ${sql.array(consents.map((c) => createHash('sha256').update(c.text).digest('hex')))}::text[])
           AS c(p, k, g, t, h)
    )`;
}

/** Erases one lead and what the webhook room holds about it, queueing `lead.erased`; false if none. */
async function eraseLeadIn(tx: PgConn, id: string, now: number): Promise<boolean> {
  const [lead] = await tx.delete(leads).where(eq(leads.id, id)).returning({ formId: leads.formId });
  if (!lead) return false;
  // Answers, consents and consent events go with the row (ON DELETE CASCADE).
  await pgForgetLeadMessages(tx, id);
  const data = { id, formId: lead.formId, erasedAt: new Date(now).toISOString() };
  await pgEnqueueEvent(tx, { type: 'lead.erased', timestamp: data.erasedAt, data }, now, {
    formId: lead.formId,
  });
  return true;
}

export function pgLeadStore(db: PgDb): LeadStore {
  return {
    list: (filter) => listLeads(db, filter),
    get: async (id) => (await listLeads(db, { id, limit: 1 }))[0],
    erase: (ids, now = Date.now()) =>
      db.transaction(async (tx) => {
        const erased: string[] = [];
        for (const id of ids) if (await eraseLeadIn(tx, id, now)) erased.push(id);
        return erased;
      }),
    eraseMatching: (filter, limit, now = Date.now()) =>
      db.transaction(async (tx) => {
        // Locked and skipped when another instance erases them now: each lead is erased (and told) once.
        const rows = await tx
          .select({ id: leads.id })
          .from(leads)
          .where(matching(filter))
          .orderBy(asc(leads.createdAt))
          .limit(limit)
          .for('update', { skipLocked: true });
        const erased: string[] = [];
        for (const { id } of rows) if (await eraseLeadIn(tx, id, now)) erased.push(id);
        return erased;
      }),
    withdrawConsent: (leadId, key, withdrawal, now = Date.now()) =>
      db.transaction(async (tx) => {
        // The lead's row locked: two withdrawals at once record one.
        const [row] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId)).for('update');
        if (!row) return { ok: false, reason: 'no_lead' } as const;
        const [lead] = await listLeads(tx, { id: leadId, limit: 1 });
        const plan = planWithdrawal(lead, key, withdrawal, now);
        if (!('change' in plan)) return plan;
        await tx.insert(leadConsentEvents).values({ leadId, consentKey: key, ...plan.change });
        await pgEnqueueEvent(tx, plan.event, now, { formId: plan.event.data.formId, leadId });
        return plan.result;
      }),
    // A PostgreSQL database starts with leads.email: there is nothing to fill in.
    backfillEmails: async () => 0,
    async countByFormAndTier(since, until) {
      const rows = await db
        .select({ formId: leads.formId, tier: leads.tier, count: sql<string>`count(*)` })
        .from(leads)
        .where(and(gte(leads.createdAt, since), lte(leads.createdAt, until)))
        .groupBy(leads.formId, leads.tier)
        .orderBy(asc(leads.formId), asc(leads.tier));
      return rows.map((r) => ({ ...r, count: Number(r.count) }));
    },
  };
}
