/**
 * The PostgreSQL schema: the SQLite schema's tables and meaning, in PostgreSQL's types. Times are bigint
 * milliseconds since the epoch (an integer cannot hold them); JSON columns are jsonb. Change it here and
 * in ../schema.ts together, then `npm run db:generate` writes the next migration of both.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';

const ms = (name: string) => bigint(name, { mode: 'number' });

export const adminKeys = pgTable('admin_keys', {
  id: text('id').primaryKey(),
  keyHash: text('key_hash').notNull().unique(),
  name: text('name').notNull().default(''),
  reveal: text('reveal'),
  lastUsedAt: ms('last_used_at'),
  createdAt: ms('created_at').notNull(),
});

export const forms = pgTable('forms', {
  id: text('id').primaryKey(),
  currentVersion: integer('current_version').notNull(),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
  archivedAt: ms('archived_at'),
});

export const formVersions = pgTable(
  'form_versions',
  {
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.version] })],
);

export const leads = pgTable(
  'leads',
  {
    id: text('id').primaryKey(),
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    formVersion: integer('form_version').notNull(),
    score: integer('score').notNull(),
    tier: text('tier').notNull(),
    context: jsonb('context').notNull(),
    email: text('email'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('leads_form_created').on(t.formId, t.createdAt), index('leads_email').on(t.email)],
);

export const leadAnswers = pgTable(
  'lead_answers',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    /** The order the answers were given in (the form's order), as SQLite's rowid keeps it. */
    position: integer('position').notNull(),
    fieldKey: text('field_key').notNull(),
    value: jsonb('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.fieldKey] })],
);

export const leadConsents = pgTable(
  'lead_consents',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    consentKey: text('consent_key').notNull(),
    granted: boolean('granted').notNull(),
    text: text('text').notNull(),
    textSha256: text('text_sha256').notNull(),
    formVersion: integer('form_version').notNull(),
    recordedAt: ms('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.consentKey] })],
);

export const leadConsentEvents = pgTable(
  'lead_consent_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    consentKey: text('consent_key').notNull(),
    granted: boolean('granted').notNull(),
    source: text('source').notNull(),
    note: text('note'),
    recordedAt: ms('recorded_at').notNull(),
  },
  (t) => [index('consent_events_lead').on(t.leadId)],
);

export const blockedSubmissions = pgTable(
  'blocked_submissions',
  {
    formId: text('form_id').notNull(),
    day: text('day').notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.day, t.reason] })],
);

/** The funnel's counters per form, UTC day, kind, step, version and source (see ../schema.ts). */
export const funnelCounts = pgTable(
  'funnel_counts',
  {
    formId: text('form_id').notNull(),
    day: text('day').notNull(),
    kind: text('kind').notNull(),
    step: integer('step').notNull(),
    formVersion: integer('form_version').notNull(),
    utmSource: text('utm_source').notNull(),
    utmMedium: text('utm_medium').notNull(),
    utmCampaign: text('utm_campaign').notNull(),
    referrer: text('referrer').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [
        t.formId,
        t.day,
        t.kind,
        t.step,
        t.formVersion,
        t.utmSource,
        t.utmMedium,
        t.utmCampaign,
        t.referrer,
      ],
    }),
    index('funnel_counts_day').on(t.day),
  ],
);

export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: ms('created_at').notNull(),
});

export const dataMigrations = pgTable('data_migrations', {
  name: text('name').primaryKey(),
  doneAt: ms('done_at').notNull(),
});

export const spentChallenges = pgTable(
  'spent_challenges',
  {
    signature: text('signature').primaryKey(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('spent_challenges_expires').on(t.expiresAt)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    formId: text('form_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.key] }), index('idempotency_created').on(t.createdAt)],
);

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: jsonb('events').$type<string[]>().notNull(),
  formIds: jsonb('form_ids').$type<string[] | null>(),
  headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: ms('previous_secret_expires_at'),
  enabled: boolean('enabled').notNull().default(true),
  disabledReason: text('disabled_reason'),
  failingSince: ms('failing_since'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  circuitOpenUntil: ms('circuit_open_until'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

export const webhookMessages = pgTable(
  'webhook_messages',
  {
    id: text('id').primaryKey(),
    eventType: text('event_type').notNull(),
    formId: text('form_id'),
    leadId: text('lead_id'),
    payload: text('payload').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('messages_lead').on(t.leadId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: text('message_id')
      .notNull()
      .references(() => webhookMessages.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    /** Until when the instance `lease_owner` may send it (the database's clock, never an instance's). */
    leaseUntil: ms('lease_until'),
    /** The instance that leased it: while it is alive (its heartbeat), the lease holds a slot. */
    leaseOwner: text('lease_owner'),
    /** This lease's own token: recording checks it, so an attempt whose lease was taken over writes nothing. */
    leaseToken: text('lease_token'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('deliveries_endpoint_due').on(t.endpointId, t.status, t.nextAttemptAt),
    index('deliveries_leased').on(t.endpointId).where(sql`lease_until IS NOT NULL`),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    attemptedAt: ms('attempted_at').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    responseBody: text('response_body'),
    error: text('error'),
  },
  (t) => [
    index('attempts_endpoint').on(t.endpointId, t.attemptedAt),
    index('attempts_message').on(t.messageId),
  ],
);

/**
 * The instances running on this database, each with its last heartbeat (the database's clock). A lease
 * held by an instance whose heartbeat stopped is not waited out: its deliveries are due again at once.
 */
export const instances = pgTable('instances', {
  id: text('id').primaryKey(),
  startedAt: ms('started_at').notNull(),
  heartbeatAt: ms('heartbeat_at').notNull(),
});

/** Scheduled jobs (pruning, retention, digests) run by one instance at a time: whoever holds the lease. */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  until: ms('until').notNull(),
});

/** Console sessions: the SHA-256 of each cookie's token, the key that opened it, and when it ends. */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    keyRef: text('key_ref').notNull(),
    createdAt: ms('created_at').notNull(),
    lastSeenAt: ms('last_seen_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('admin_sessions_expires').on(t.expiresAt)],
);
