/**
 * What the admin API answers, written once here as valibot schemas: the server builds its answers to the
 * types derived from them, the console imports the types (type-only), and the OpenAPI document is
 * generated from the schemas.
 */
import * as v from 'valibot';
import { ConsentRecord, LeadData } from './events.ts';

const Time = v.pipe(v.string(), v.isoTimestamp());
const describe = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));
/** `{ data: [...] }`: how every list is answered, so a list can grow fields beside it. */
const listOf = <S extends v.GenericSchema>(item: S) => v.object({ data: v.array(item) });

/** A change to a consent after it was given (a withdrawal): when, and how it reached us. */
export const ConsentChange = v.object({
  granted: v.boolean(),
  source: v.string(),
  note: v.nullable(v.string()),
  recordedAt: Time,
});
export type ConsentChange = v.InferOutput<typeof ConsentChange>;

/** A consent as given (the proof, never edited), its state now, and every change since. */
export const StoredConsent = v.object({
  ...ConsentRecord.entries,
  textSha256: describe(v.string(), 'The SHA-256 (hex) of `text`, as stored with it.'),
  grantedNow: v.boolean(),
  history: v.array(ConsentChange),
});
export type StoredConsent = v.InferOutput<typeof StoredConsent>;

/** A lead as the admin API shows it: `lead.created`'s data, with each consent's history. */
export const StoredLead = v.object({ ...LeadData.entries, consents: v.array(StoredConsent) });
export type StoredLead = Omit<LeadData, 'consents'> & { consents: StoredConsent[] };

/** `GET /v1/admin/leads`: a page, and the cursor of the next one (null on the last). */
export const LeadPage = v.object({
  data: v.array(StoredLead),
  nextCursor: describe(v.nullable(v.string()), 'Pass as `cursor` for the next page; null on the last.'),
});
export type LeadPage = { data: StoredLead[]; nextCursor: string | null };

/** `POST /v1/admin/leads/:id/consents/:key/withdraw` → 201: the consent as it is now. */
export const ConsentWithdrawal = v.object({ leadId: v.string(), consent: StoredConsent });

/** Where points came from: a chosen option, a ticked checkbox, or a scoring rule (by its index). */
export const ScorePart = v.variant('source', [
  v.object({ source: v.literal('option'), field: v.string(), value: v.string(), points: v.number() }),
  v.object({ source: v.literal('checkbox'), field: v.string(), points: v.number() }),
  v.object({ source: v.literal('rule'), rule: v.number(), points: v.number() }),
]);
export type ScorePart = v.InferOutput<typeof ScorePart>;

/** `GET /v1/admin/leads/:id/scoring`. */
export const LeadScoring = v.object({
  score: v.number(),
  tier: v.string(),
  parts: v.array(ScorePart),
  disqualifiedBy: describe(
    v.nullable(v.number()),
    'The index of the disqualifier that set the tier, if one did.',
  ),
  agrees: describe(v.boolean(), 'Whether working it out again gives the stored score and tier.'),
});
export type LeadScoring = v.InferOutput<typeof LeadScoring>;

/** One attempt to send a message: when, the answer (status code, first 4 KB of the body) or the error. */
export const AttemptRecord = v.object({
  attemptedAt: Time,
  statusCode: v.nullable(v.number()),
  latencyMs: v.number(),
  responseBody: v.nullable(v.string()),
  error: v.nullable(v.string()),
});
export type AttemptRecord = v.InferOutput<typeof AttemptRecord>;

const DeliveryStatus = v.picklist(['pending', 'delivered', 'failed']);

/** A message as owed to one endpoint. */
export const DeliveryRecord = v.object({
  endpointId: v.string(),
  url: v.string(),
  status: DeliveryStatus,
  attempts: v.array(AttemptRecord),
});
export type DeliveryRecord = v.InferOutput<typeof DeliveryRecord>;

/** A webhook message about a lead, with its payload as sent and its deliveries. */
export const MessageRecord = v.object({
  id: describe(v.string(), 'The message id, `msg_…`: the `webhook-id` of every attempt.'),
  type: v.string(),
  createdAt: Time,
  payload: describe(v.unknown(), 'The body as sent (see the webhooks).'),
  deliveries: v.array(DeliveryRecord),
});
export type MessageRecord = v.InferOutput<typeof MessageRecord>;
/** `GET /v1/admin/leads/:id/webhooks`. */
export const MessageList = listOf(MessageRecord);

/** `POST` and `GET /v1/admin/session`. */
export const SessionInfo = v.object({
  csrfToken: describe(v.string(), 'Send it as `X-CSRF-Token` with every request that changes something.'),
  signedInAt: Time,
  expiresAt: Time,
});
export type SessionInfo = v.InferOutput<typeof SessionInfo>;

/** An admin key as `GET /v1/admin/keys` lists it: never the key itself, nor its hash. */
export const AdminKeyInfo = v.object({
  id: describe(v.string(), "A stored key's id, or `env` for `LEADGATE_ADMIN_KEY`."),
  name: v.string(),
  source: v.picklist(['stored', 'environment']),
  createdAt: describe(v.nullable(Time), 'Null for the key from the environment, which has no record.'),
  lastUsedAt: describe(
    v.nullable(Time),
    'The last request with it, or with a session opened with it (recorded at most once a minute).',
  ),
  notRevocable: describe(v.nullable(v.string()), 'Why it cannot be revoked here, or null when it can.'),
});
export type AdminKeyInfo = v.InferOutput<typeof AdminKeyInfo>;
export const AdminKeyList = listOf(AdminKeyInfo);

/** `POST /v1/admin/keys` → 201: the new key, in clear this once. */
export const CreatedAdminKey = v.object({ ...AdminKeyInfo.entries, key: v.string() });
export type CreatedAdminKey = v.InferOutput<typeof CreatedAdminKey>;

/** `GET /v1/admin/notifications`: whether email can be sent, and if not, why. */
export const NotificationStatus = v.object({
  email: v.variant('available', [
    v.object({ available: v.literal(true), from: v.string(), host: v.string() }),
    v.object({ available: v.literal(false), reason: v.string() }),
  ]),
});
export type NotificationStatus = v.InferOutput<typeof NotificationStatus>;

/** `GET /v1/admin/people?email=`: every lead of one person, newest first. */
export const PersonLeads = v.object({
  email: describe(v.string(), 'The address as matched: normalised.'),
  data: v.array(StoredLead),
});

/** `GET /v1/admin/people/export?email=`: everything held about one person, each lead with its webhooks. */
export const SubjectExport = v.object({
  email: v.string(),
  exportedAt: Time,
  leads: v.array(v.object({ ...StoredLead.entries, webhooks: v.array(MessageRecord) })),
});
export type SubjectExport = {
  email: string;
  exportedAt: string;
  leads: (StoredLead & { webhooks: MessageRecord[] })[];
};

/** `DELETE /v1/admin/people?email=`: the leads erased (each one's `lead.erased` sent). */
export const PersonErasure = v.object({ email: v.string(), erased: v.array(v.string()) });
export type PersonErasure = v.InferOutput<typeof PersonErasure>;

// The console imports these from here.
export type { FormRecord, FormVersionList } from './admin-forms-api.ts';
export type { AttemptLogEntry, EndpointMessage, WebhookEndpoint } from './admin-webhooks-api.ts';
