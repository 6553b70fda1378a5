/**
 * Webhook event types and their payloads: what subscribers receive in the body's `data`. Written once as
 * valibot schemas: the server builds its events to these types, and the OpenAPI document's `webhooks`
 * section is generated from these schemas.
 */
import * as v from 'valibot';
import { Answer } from './answer.ts';
import { SubmissionContext } from './submission.ts';

/** Every event type an endpoint can subscribe to. */
export const EVENT_TYPES = [
  'lead.created',
  'lead.erased',
  'lead.consent_withdrawn',
  'endpoint.disabled',
  'digest.daily',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Subscribes to every `lead.*` event, those added in later versions too; what a new endpoint gets by default. */
export const ALL_LEAD_EVENTS = 'lead.*';

/** Sent only by `POST /v1/admin/webhooks/:id/test`, to that endpoint, whatever it subscribes to. */
export const TEST_EVENT = 'webhook.test';

const Time = v.pipe(v.string(), v.isoTimestamp());
const describe = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));

/** One consent decision as recorded: what was shown, what the visitor chose, and when. */
export const ConsentRecord = v.object({
  key: v.string(),
  granted: v.boolean(),
  text: describe(v.string(), 'The consent text exactly as the visitor was shown it.'),
  formVersion: v.number(),
  recordedAt: Time,
});
export type ConsentRecord = v.InferOutput<typeof ConsentRecord>;

/** The whole lead, as `lead.created` carries it. */
export const LeadData = v.object({
  id: describe(v.string(), 'The lead id, `lead_…`.'),
  formId: v.string(),
  formVersion: v.number(),
  answers: v.record(v.string(), Answer),
  consents: v.array(ConsentRecord),
  score: v.number(),
  tier: v.string(),
  context: SubmissionContext,
  createdAt: Time,
});
export type LeadData = Omit<v.InferOutput<typeof LeadData>, 'context'> & { context: SubmissionContext };

/** `lead.erased` carries only what a downstream tool needs to erase its own copy. */
export const LeadErasedData = v.object({ id: v.string(), formId: v.string(), erasedAt: Time });
export type LeadErasedData = v.InferOutput<typeof LeadErasedData>;

/** `lead.consent_withdrawn`: a consent the lead gave is withdrawn; when, and how it reached the owner. */
export const ConsentWithdrawnData = v.object({
  id: describe(v.string(), 'The lead id.'),
  formId: v.string(),
  consentKey: v.string(),
  withdrawnAt: Time,
  source: describe(v.string(), 'How the withdrawal reached the owner: `email`, `phone`, `admin_api`, …'),
});
export type ConsentWithdrawnData = v.InferOutput<typeof ConsentWithdrawnData>;

/** `endpoint.disabled`: Leadgate stopped sending to an endpoint (410 Gone, or failing for days). */
export const EndpointDisabledData = v.object({
  endpointId: v.string(),
  url: v.string(),
  reason: describe(v.string(), '`gone` (it answered 410) or `failing` (it failed for days).'),
  disabledAt: Time,
});
export type EndpointDisabledData = v.InferOutput<typeof EndpointDisabledData>;

/**
 * `digest.daily`: the previous UTC day's leads, counted per form and tier, sent once a day to each
 * endpoint that subscribes to it (and only when there were leads). Counts only: a digest is not about one
 * lead, so erasure could not find it; it carries nothing personal.
 */
export const DailyDigestData = v.object({
  day: describe(v.pipe(v.string(), v.isoDate()), 'The day counted, `YYYY-MM-DD` (UTC).'),
  total: v.number(),
  forms: v.array(
    v.object({ formId: v.string(), leads: v.number(), tiers: v.record(v.string(), v.number()) }),
  ),
});
export type DailyDigestData = v.InferOutput<typeof DailyDigestData>;

/** `webhook.test`: what `POST /v1/admin/webhooks/:id/test` sends, to check a receiver end to end. */
export const WebhookTestData = v.object({ endpointId: v.string(), message: v.string() });

/** Each event type's `data`. */
export const EVENT_DATA = {
  'lead.created': LeadData,
  'lead.erased': LeadErasedData,
  'lead.consent_withdrawn': ConsentWithdrawnData,
  'endpoint.disabled': EndpointDisabledData,
  'digest.daily': DailyDigestData,
  'webhook.test': WebhookTestData,
} as const;
type EventData = Omit<
  { [K in keyof typeof EVENT_DATA]: v.InferOutput<(typeof EVENT_DATA)[K]> },
  'lead.created'
> & {
  'lead.created': LeadData;
};

/** The body of one event's request (Standard Webhooks: `type`, `timestamp`, `data`). */
export function webhookEventSchema<K extends keyof typeof EVENT_DATA>(type: K) {
  return v.object({
    type: v.literal(type),
    timestamp: describe(Time, 'When the event happened (ISO 8601).'),
    data: EVENT_DATA[type],
  });
}

/** The body of a webhook request (Standard Webhooks: `type`, `timestamp`, `data`). */
export type WebhookEvent<T extends keyof EventData = keyof EventData> = {
  [K in T]: { type: K; timestamp: string; data: EventData[K] };
}[T];
