/** Writing a new lead: its row, its answers and its consents, in the caller's transaction. */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ConsentRecord } from '../../shared/events.ts';
import { preparedOnce, type Tx } from '../storage/db.ts';

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

// A form has a bounded number of fields, but not a small one: statements for more rows than this are
// not kept, and such a lead's rows are written in chunks of this many.
const MAX_ROWS_A_STATEMENT = 32;
const ANSWER_COLUMNS = 3;
const CONSENT_COLUMNS = 7;

/**
 * Every accepted submission runs these: better-sqlite3 statements prepared once per connection (drizzle
 * would build and map its parameters on each call), and one statement for all of a lead's answers and
 * one for its consents, each prepared once per row count.
 */
const statements = preparedOnce((conn) => {
  const sqlite = conn.$client;
  const rows = (columns: number, count: number) =>
    Array.from({ length: count }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');
  const byRowCount = (insert: string, columns: number) => {
    const prepared: Database.Statement<unknown[]>[] = [];
    return (count: number) => {
      let s = prepared[count];
      if (!s) {
        s = sqlite.prepare<unknown[]>(`${insert} VALUES ${rows(columns, count)}`);
        prepared[count] = s;
      }
      return s;
    };
  };
  return {
    lead: sqlite.prepare<[string, string, number, string | null, number, string, string, number]>(
      'INSERT INTO leads (id, form_id, form_version, email, score, tier, context, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    answers: byRowCount('INSERT INTO lead_answers (lead_id, field_key, value)', ANSWER_COLUMNS),
    consents: byRowCount(
      'INSERT INTO lead_consents (lead_id, consent_key, granted, text, text_sha256, form_version, recorded_at)',
      CONSENT_COLUMNS,
    ),
  };
});

/** Runs `insert` for `values` (`columns` a row), at most MAX_ROWS_A_STATEMENT rows a statement. */
function insertRows(
  insert: (count: number) => Database.Statement<unknown[]>,
  columns: number,
  values: unknown[],
): void {
  const chunk = MAX_ROWS_A_STATEMENT * columns;
  for (let from = 0; from < values.length; from += chunk) {
    const part = values.length <= chunk ? values : values.slice(from, from + chunk);
    insert(part.length / columns).run(part);
  }
}

// The SHA-256 of each consent text: the same few texts, one per consent and form version and language.
const MAX_HASHED_TEXTS = 1000;
const hashes = new Map<string, string>();
function sha256(text: string): string {
  let hash = hashes.get(text);
  if (hash === undefined) {
    hash = createHash('sha256').update(text).digest('hex');
    // Bounded, so texts that change often cannot grow it: oldest first out (a Map keeps insertion order).
    if (hashes.size >= MAX_HASHED_TEXTS) hashes.delete(hashes.keys().next().value as string);
    hashes.set(text, hash);
  }
  return hash;
}

/** Stores `lead`, its answers and its consents (each with the SHA-256 of the exact text shown). */
export function insertLead(tx: Tx, lead: NewLead): void {
  const s = statements(tx);
  const { id: leadId, formVersion, createdAt } = lead;
  // JSON columns hold JSON text, as drizzle's `mode: 'json'` writes and reads it.
  s.lead.run(
    leadId,
    lead.formId,
    formVersion,
    lead.email,
    lead.score,
    lead.tier,
    JSON.stringify(lead.context),
    createdAt,
  );
  const answers: unknown[] = [];
  for (const key in lead.answers) answers.push(leadId, key, JSON.stringify(lead.answers[key]));
  insertRows(s.answers, ANSWER_COLUMNS, answers);
  const consents: unknown[] = [];
  for (const c of lead.consents) {
    consents.push(leadId, c.key, c.granted ? 1 : 0, c.text, sha256(c.text), formVersion, createdAt);
  }
  insertRows(s.consents, CONSENT_COLUMNS, consents);
}
