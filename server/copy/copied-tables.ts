/**
 * What `leadgate copy-to-postgres` copies, table by table: each column with its PostgreSQL type and, where
 * it differs, the SQLite expression its value comes from. Both schemas keep times as integer milliseconds
 * (SQLite `integer`, PostgreSQL `bigint`), so a time is copied as it is; JSON is text in SQLite and jsonb
 * in PostgreSQL. copied-tables.test.ts holds this list to both schemas, so a column added to them and not
 * here fails a test instead of being left behind.
 */

/** A column's PostgreSQL type, as the copy sends it (jsonb as text, boolean as SQLite's 0 or 1, then cast). */
export type PgType = 'text' | 'jsonb' | 'integer' | 'bigint' | 'boolean';

export type CopiedColumn = {
  name: string;
  type: PgType;
  /** The SQLite expression for its value, when not the column of the same name. */
  from?: string;
};

export type CopiedTable = {
  name: string;
  columns: CopiedColumn[];
  /** The SQLite ORDER BY: its key, so the rows come through an index, and in the order they were written. */
  orderBy: string;
  /** Its bigserial column: the sequence is set past the largest id copied. */
  serial?: string;
};

const text = (name: string): CopiedColumn => ({ name, type: 'text' });
const jsonb = (name: string): CopiedColumn => ({ name, type: 'jsonb' });
const int = (name: string): CopiedColumn => ({ name, type: 'integer' });
const ms = (name: string): CopiedColumn => ({ name, type: 'bigint' });
const bool = (name: string): CopiedColumn => ({ name, type: 'boolean' });
/** PostgreSQL keeps a lead's answers and consents in order by `position`; SQLite by rowid (lead-store.ts). */
const position: CopiedColumn = {
  name: 'position',
  type: 'integer',
  from: 'row_number() OVER (PARTITION BY lead_id ORDER BY rowid) - 1',
};
/** A lease the SQLite server held is no lease here: the PostgreSQL dispatchers take the delivery. */
const noLease = (name: string, type: PgType): CopiedColumn => ({ name, type, from: 'NULL' });

/**
 * Every table copied, parents before the tables whose foreign keys point at them. Not copied: console
 * sessions (`admin_sessions`: people sign in again), and PostgreSQL's own `instances` and `job_leases`,
 * which the running instances fill.
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'forms',
    columns: [text('id'), int('current_version'), ms('created_at'), ms('updated_at'), ms('archived_at')],
    orderBy: 'id',
  },
  {
    name: 'form_versions',
    columns: [text('form_id'), int('version'), jsonb('definition'), ms('created_at')],
    orderBy: 'form_id, version',
  },
  {
    name: 'leads',
    columns: [
      text('id'),
      text('form_id'),
      int('form_version'),
      int('score'),
      text('tier'),
      jsonb('context'),
      text('email'),
      ms('created_at'),
    ],
    orderBy: 'id',
  },
  {
    name: 'lead_answers',
    columns: [text('lead_id'), position, text('field_key'), jsonb('value')],
    orderBy: 'lead_id, rowid',
  },
  {
    name: 'lead_consents',
    columns: [
      text('lead_id'),
      position,
      text('consent_key'),
      bool('granted'),
      text('text'),
      text('text_sha256'),
      int('form_version'),
      ms('recorded_at'),
    ],
    orderBy: 'lead_id, rowid',
  },
  {
    name: 'lead_consent_events',
    columns: [
      ms('id'),
      text('lead_id'),
      text('consent_key'),
      bool('granted'),
      text('source'),
      text('note'),
      ms('recorded_at'),
    ],
    orderBy: 'id',
    serial: 'id',
  },
  {
    name: 'webhook_endpoints',
    columns: [
      text('id'),
      text('url'),
      text('description'),
      jsonb('events'),
      jsonb('form_ids'),
      jsonb('headers'),
      text('secret'),
      text('previous_secret'),
      ms('previous_secret_expires_at'),
      bool('enabled'),
      text('disabled_reason'),
      ms('failing_since'),
      int('consecutive_failures'),
      ms('circuit_open_until'),
      ms('created_at'),
      ms('updated_at'),
    ],
    orderBy: 'id',
  },
  {
    name: 'webhook_messages',
    // The payload stays text: its bytes are what is signed and sent, again on every retry.
    columns: [
      text('id'),
      text('event_type'),
      text('form_id'),
      text('lead_id'),
      text('payload'),
      ms('created_at'),
    ],
    orderBy: 'id',
  },
  {
    name: 'webhook_deliveries',
    columns: [
      ms('id'),
      text('message_id'),
      text('endpoint_id'),
      text('status'),
      int('attempt_count'),
      ms('next_attempt_at'),
      noLease('lease_until', 'bigint'),
      noLease('lease_owner', 'text'),
      noLease('lease_token', 'text'),
      text('last_error'),
      ms('created_at'),
      ms('updated_at'),
    ],
    orderBy: 'id',
    serial: 'id',
  },
  {
    name: 'webhook_attempts',
    columns: [
      ms('id'),
      ms('delivery_id'),
      text('message_id'),
      text('endpoint_id'),
      ms('attempted_at'),
      int('status_code'),
      int('latency_ms'),
      text('response_body'),
      text('error'),
    ],
    orderBy: 'id',
    serial: 'id',
  },
  {
    name: 'idempotency_keys',
    columns: [
      text('form_id'),
      text('key'),
      text('request_hash'),
      int('status_code'),
      text('response_body'),
      ms('created_at'),
    ],
    orderBy: 'form_id, key',
  },
  { name: 'spent_challenges', columns: [text('signature'), ms('expires_at')], orderBy: 'signature' },
  {
    name: 'blocked_submissions',
    columns: [text('form_id'), text('day'), text('reason'), int('count')],
    orderBy: 'form_id, day, reason',
  },
  {
    name: 'funnel_counts',
    columns: [
      text('form_id'),
      text('day'),
      text('kind'),
      int('step'),
      int('form_version'),
      text('utm_source'),
      text('utm_medium'),
      text('utm_campaign'),
      text('referrer'),
      int('count'),
    ],
    orderBy: 'form_id, day, kind, step, form_version, utm_source, utm_medium, utm_campaign, referrer',
  },
  {
    name: 'admin_keys',
    columns: [
      text('id'),
      text('key_hash'),
      text('name'),
      text('reveal'),
      ms('last_used_at'),
      ms('created_at'),
    ],
    orderBy: 'id',
  },
  { name: 'server_secrets', columns: [text('name'), text('value'), ms('created_at')], orderBy: 'name' },
  { name: 'data_migrations', columns: [text('name'), ms('done_at')], orderBy: 'name' },
];

/** Tables on PostgreSQL that the copy leaves empty, and `--replace` empties too. */
export const NOT_COPIED_TABLES = ['admin_sessions', 'instances', 'job_leases'] as const;
