/**
 * The SQLite schema. Times are integer milliseconds since the epoch; JSON columns hold text.
 * Change it here, then `npm run db:generate` writes the next committed migration.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Admin keys, hashed; a generated one also in clear (`reveal`) until first used, so every start can print it. */
export const adminKeys = sqliteTable('admin_keys', {
  id: text('id').primaryKey(),
  keyHash: text('key_hash').notNull().unique(),
  /** What the owner calls it (`CI deploys`); empty for the key generated at the first start. */
  name: text('name').notNull().default(''),
  /**
   * A generated key in clear, kept only until it is first used, so that every start can print it again
   * (a first start that failed to listen must not lose it). Cleared on first use; the file is 0600.
   */
  reveal: text('reveal'),
  /** The last request with it or a session opened with it, written at most once a minute. */
  lastUsedAt: integer('last_used_at'),
  createdAt: integer('created_at').notNull(),
});

export const forms = sqliteTable('forms', {
  id: text('id').primaryKey(),
  currentVersion: integer('current_version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  archivedAt: integer('archived_at'),
});

/** Every change to a form is a new immutable row here; leads point at the version they were filled on. */
export const formVersions = sqliteTable(
  'form_versions',
  {
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    version: integer('version').notNull(),
    definition: text('definition', { mode: 'json' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.version] })],
);

export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    formVersion: integer('form_version').notNull(),
    score: integer('score').notNull(),
    tier: text('tier').notNull(),
    context: text('context', { mode: 'json' }).notNull(),
    /** The first email answer, normalised (trimmed, lowercased): what data-subject requests match on. */
    email: text('email'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('leads_form_created').on(t.formId, t.createdAt), index('leads_email').on(t.email)],
);

/** One row per answered field; values are JSON so numbers stay numbers. */
export const leadAnswers = sqliteTable(
  'lead_answers',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    fieldKey: text('field_key').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.fieldKey] })],
);

/** Proof of consent: the decision, the exact text shown (and its hash), the form version, the time. */
export const leadConsents = sqliteTable(
  'lead_consents',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    consentKey: text('consent_key').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    text: text('text').notNull(),
    textSha256: text('text_sha256').notNull(),
    formVersion: integer('form_version').notNull(),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.consentKey] })],
);

/**
 * What happened to a consent after it was given: a withdrawal (or a renewed grant), with when and how.
 * The original decision in `lead_consents` is never edited: it stays as proof of what was given.
 */
export const leadConsentEvents = sqliteTable(
  'lead_consent_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    consentKey: text('consent_key').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    /** How it reached us: `admin_api`, `email`, `phone`, … (free text, as the operator says). */
    source: text('source').notNull(),
    note: text('note'),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [index('consent_events_lead').on(t.leadId)],
);
/**
 * Submissions refused (a bot gate, an origin not allowed, the rate limit, answers that failed validation),
 * counted per form and day.
 */
export const blockedSubmissions = sqliteTable(
  'blocked_submissions',
  {
    formId: text('form_id').notNull(),
    /** UTC day, `2026-11-26`. */
    day: text('day').notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.day, t.reason] })],
);
/**
 * The funnel, as aggregate counters: how often a form was viewed, started, moved on to a step and
 * submitted, per form version and UTC day, by UTM source, medium and campaign and referrer host. No row
 * says anything about one visitor. '' is "none"; `(other)` holds what came past the per-day cap.
 */
export const funnelCounts = sqliteTable(
  'funnel_counts',
  {
    formId: text('form_id').notNull(),
    /** UTC day, `2026-11-26`. */
    day: text('day').notNull(),
    /** `view`, `start`, `step` or `submit`. */
    kind: text('kind').notNull(),
    /** For `step`: the step reached, 2 for the second shown; 0 for the other kinds. */
    step: integer('step').notNull(),
    formVersion: integer('form_version').notNull(),
    utmSource: text('utm_source').notNull(),
    utmMedium: text('utm_medium').notNull(),
    utmCampaign: text('utm_campaign').notNull(),
    /** The referring page's host, lowercased, without `www.`. */
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
    // Overviews of every form read a range of days.
    index('funnel_counts_day').on(t.day),
  ],
);
/** Keys this installation made for itself (the proof-of-work HMAC key), shared by every instance. */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
});
/** One-time data migrations that have run to the end (a backfill a schema change called for), by name. */
export const dataMigrations = sqliteTable('data_migrations', {
  name: text('name').primaryKey(),
  doneAt: integer('done_at').notNull(),
});
/** Proof-of-work solutions already used: each challenge is accepted once, until it expires. */
export const spentChallenges = sqliteTable(
  'spent_challenges',
  {
    signature: text('signature').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('spent_challenges_expires').on(t.expiresAt)],
);
/** Stored responses of submissions, so a retried request gets the same answer and makes no second lead. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    formId: text('form_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.key] }), index('idempotency_created').on(t.createdAt)],
);

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  /** Only events of these forms; null = every form. */
  formIds: text('form_ids', { mode: 'json' }).$type<string[] | null>(),
  /** Extra request headers the subscriber asked for (an API key of theirs, say). */
  headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
  secret: text('secret').notNull(),
  /** After a rotation the old secret keeps signing alongside until this time. */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: integer('previous_secret_expires_at'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** Why it was disabled by Leadgate (410 Gone, failing for days); null when enabled or disabled by hand. */
  disabledReason: text('disabled_reason'),
  /** Start of the current run of failed attempts; null after a success. */
  failingSince: integer('failing_since'),
  /** Failed attempts in a row, for the circuit breaker's backoff. */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** While in the future, the circuit is open: nothing is sent but one probe when it passes. */
  circuitOpenUntil: integer('circuit_open_until'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** One event, signed and sent to each subscribed endpoint; its id is the `webhook-id` header. */
export const webhookMessages = sqliteTable(
  'webhook_messages',
  {
    id: text('id').primaryKey(),
    eventType: text('event_type').notNull(),
    /** The form and lead the event is about, for per-form filters and for erasure. */
    formId: text('form_id'),
    leadId: text('lead_id'),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('messages_lead').on(t.leadId)],
);

/** The outbox: one row per message and endpoint, written in the same transaction as the lead. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id')
      .notNull()
      .references(() => webhookMessages.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** Set while a dispatcher is sending; an expired lease (a crash) makes the delivery due again. */
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('deliveries_due').on(t.status, t.nextAttemptAt),
    // Claiming walks each endpoint's own queue, so a backlog at one endpoint costs the others nothing.
    index('deliveries_endpoint_due').on(t.endpointId, t.status, t.nextAttemptAt),
    index('deliveries_leased').on(t.endpointId).where(sql`lease_until IS NOT NULL`),
  ],
);

/** Every attempt, for the delivery log. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    attemptedAt: integer('attempted_at').notNull(),
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
 * Console sessions: a browser signed in with an admin key. Only the SHA-256 of the cookie's token is kept,
 * so a copy of the file opens no session. `key_ref` names the key signed in with (a stored key's id, or
 * `env:` and a hash prefix of the configured one): a session ends when its key stops being accepted.
 */
export const adminSessions = sqliteTable(
  'admin_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    keyRef: text('key_ref').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** The absolute end, however active the session is. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('admin_sessions_expires').on(t.expiresAt)],
);
