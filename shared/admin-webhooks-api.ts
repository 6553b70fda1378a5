/**
 * What the admin API answers about webhook endpoints and their deliveries (`/v1/admin/webhooks…`),
 * written once as valibot schemas: the server builds to the derived types, the console reads them, the
 * OpenAPI document comes from them.
 */
import * as v from 'valibot';
import { AttemptRecord } from './admin-api.ts';

const Time = v.pipe(v.string(), v.isoTimestamp());
const describe = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));

/** A webhook endpoint or email destination as `GET /v1/admin/webhooks(/:id)` shows it: never its secret. */
export const WebhookEndpoint = v.object({
  id: v.string(),
  url: describe(v.string(), '`https://…`, or `mailto:a@example.com,b@example.com` for an email destination.'),
  description: v.string(),
  events: v.array(v.string()),
  formIds: describe(v.nullable(v.array(v.string())), "Only these forms' events; null = every form."),
  headers: v.record(v.string(), v.string()),
  enabled: v.boolean(),
  disabledReason: describe(
    v.nullable(v.string()),
    'Why Leadgate disabled it (`gone`, `failing`); null when enabled or disabled by hand.',
  ),
  failingSince: describe(
    v.nullable(Time),
    'Start of the current run of failed attempts; null after a success.',
  ),
  circuitOpenUntil: describe(
    v.nullable(Time),
    'While in the future, nothing is sent but one probe when it passes.',
  ),
  lastSuccessAt: describe(v.nullable(Time), 'The last 2xx in the attempts log; null if none.'),
  createdAt: Time,
  updatedAt: Time,
});
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpoint>;
export const EndpointList = v.object({ data: v.array(WebhookEndpoint) });

/** The endpoint's signing secret (`whsec_` + base64): as created, read or rotated. */
export const EndpointSecret = v.object({ secret: v.pipe(v.string(), v.startsWith('whsec_')) });
/** `POST /v1/admin/webhooks` → 201: the endpoint, and its secret. */
export const CreatedEndpoint = v.object({ ...WebhookEndpoint.entries, ...EndpointSecret.entries });
export type CreatedEndpoint = v.InferOutput<typeof CreatedEndpoint>;

/** One row of `GET /v1/admin/webhooks/:id/attempts` (newest first; `?before=id` pages on). */
export const AttemptLogEntry = v.object({
  ...AttemptRecord.entries,
  id: v.number(),
  messageId: v.string(),
  endpointId: v.string(),
});
export type AttemptLogEntry = v.InferOutput<typeof AttemptLogEntry>;
export const AttemptLog = v.object({ data: v.array(AttemptLogEntry) });

/** One row of `GET /v1/admin/webhooks/:id/messages`: a message owed to the endpoint. */
export const EndpointMessage = v.object({
  messageId: v.string(),
  eventType: v.string(),
  status: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  nextAttemptAt: v.nullable(Time),
  lastError: v.nullable(v.string()),
  createdAt: Time,
});
export type EndpointMessage = v.InferOutput<typeof EndpointMessage>;
export const EndpointMessageList = v.object({ data: v.array(EndpointMessage) });

/** `202` to a redelivery. */
export const Redelivery = v.object({ status: v.literal('queued') });
export type Redelivery = v.InferOutput<typeof Redelivery>;
/** `202` to a replay: how many failed messages were queued again. */
export const ReplayResult = v.object({ queued: v.number() });
export type ReplayResult = v.InferOutput<typeof ReplayResult>;
/** `202` to a test: the `webhook.test` message queued. */
export const TestSent = v.object({ messageId: v.string() });
export type TestSent = v.InferOutput<typeof TestSent>;
