/**
 * What the admin API answers about leads, as the console reads it: written once here, used by the server
 * (which builds these) and imported type-only by the console.
 */
import type { ConsentRecord, LeadData } from './events.ts';
import type { FormDefinition } from './form-definition.ts';

/** A change to a consent after it was given (a withdrawal): when, and how it reached us. */
export type ConsentChange = { granted: boolean; source: string; note: string | null; recordedAt: string };

/** A consent as given (the proof, never edited), its state now, and every change since. */
export type StoredConsent = ConsentRecord & {
  /** The SHA-256 (hex) of `text`, as stored with it. */
  textSha256: string;
  grantedNow: boolean;
  history: ConsentChange[];
};

/** A lead as the admin API shows it: `lead.created`'s data, with each consent's history. */
export type StoredLead = Omit<LeadData, 'consents'> & { consents: StoredConsent[] };

/** `GET /v1/admin/leads`: a page, and the cursor of the next one (null on the last). */
export type LeadPage = { data: StoredLead[]; nextCursor: string | null };

/** Where points came from: a chosen option, a ticked checkbox, or a scoring rule (by its index). */
export type ScorePart =
  | { source: 'option'; field: string; value: string; points: number }
  | { source: 'checkbox'; field: string; points: number }
  | { source: 'rule'; rule: number; points: number };

/** `GET /v1/admin/leads/:id/scoring`. */
export type LeadScoring = {
  score: number;
  tier: string;
  parts: ScorePart[];
  /** The index of the disqualifier that set the tier, if one did. */
  disqualifiedBy: number | null;
  /** Whether working it out again gives the stored score and tier. */
  agrees: boolean;
};

/** One attempt to send a message: when, the answer (status code, first 4 KB of the body) or the error. */
export type AttemptRecord = {
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  responseBody: string | null;
  error: string | null;
};

/** A message as owed to one endpoint. */
export type DeliveryRecord = {
  endpointId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: AttemptRecord[];
};

/** A webhook message about a lead, with its payload as sent and its deliveries. */
export type MessageRecord = {
  id: string;
  type: string;
  createdAt: string;
  payload: unknown;
  deliveries: DeliveryRecord[];
};

/** `POST` and `GET /v1/admin/session`. */
export type SessionInfo = { csrfToken: string; signedInAt: string; expiresAt: string };

/** A form at one version, as `GET /v1/admin/forms` and `/v1/admin/forms/:id(/versions/:v)` give it. */
export type FormRecord = {
  id: string;
  version: number;
  definition: FormDefinition;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
};

/** An admin key as `GET /v1/admin/keys` lists it: never the key itself, nor its hash. */
export type AdminKeyInfo = {
  /** A stored key's id, or `env` for `LEADGATE_ADMIN_KEY`. */
  id: string;
  name: string;
  source: 'stored' | 'environment';
  /** Null for the key from the environment, which has no record. */
  createdAt: string | null;
  /** The last request with it, or with a session opened with it (recorded at most once a minute). */
  lastUsedAt: string | null;
  /** Why it cannot be revoked here, or null when it can. */
  notRevocable: string | null;
};

/** `POST /v1/admin/keys` → 201: the new key, in clear this once. */
export type CreatedAdminKey = AdminKeyInfo & { key: string };

/** A webhook endpoint or email destination as `GET /v1/admin/webhooks(/:id)` shows it: never its secret. */
export type WebhookEndpoint = {
  id: string;
  /** `https://…`, or `mailto:a@example.com,b@example.com` for an email destination. */
  url: string;
  description: string;
  events: string[];
  /** Only these forms' events; null = every form. */
  formIds: string[] | null;
  headers: Record<string, string>;
  enabled: boolean;
  /** Why Leadgate disabled it (`gone`, `failing`); null when enabled or disabled by hand. */
  disabledReason: string | null;
  /** Start of the current run of failed attempts; null after a success. */
  failingSince: string | null;
  /** While in the future, nothing is sent but one probe when it passes. */
  circuitOpenUntil: string | null;
  /** The last 2xx in the attempts log; null if none. */
  lastSuccessAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** One row of `GET /v1/admin/webhooks/:id/attempts` (newest first; `?before=id` pages on). */
export type AttemptLogEntry = AttemptRecord & { id: number; messageId: string; endpointId: string };

/** One row of `GET /v1/admin/webhooks/:id/messages`: a message owed to the endpoint. */
export type EndpointMessage = {
  messageId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
};

/** `GET /v1/admin/notifications`: whether email can be sent, and if not, why. */
export type NotificationStatus = {
  email: { available: true; from: string; host: string } | { available: false; reason: string };
};

/** `GET /v1/admin/forms/:id/versions`: every version, newest first. */
export type FormVersionList = { data: { version: number; createdAt: string }[] };
