/** Webhook event types and their payloads: what subscribers receive in the body's `data`. */
import type { Answer } from './conditions.ts';
import type { SubmissionContext } from './submission.ts';

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

/** One consent decision as recorded: what was shown, what the visitor chose, and when. */
export type ConsentRecord = {
  key: string;
  granted: boolean;
  text: string;
  formVersion: number;
  recordedAt: string;
};

/** The whole lead, as `lead.created` carries it. */
export type LeadData = {
  id: string;
  formId: string;
  formVersion: number;
  answers: Record<string, Answer>;
  consents: ConsentRecord[];
  score: number;
  tier: string;
  context: SubmissionContext;
  createdAt: string;
};

/** `lead.erased` carries only what a downstream tool needs to erase its own copy. */
export type LeadErasedData = { id: string; formId: string; erasedAt: string };

/** `lead.consent_withdrawn`: a consent the lead gave is withdrawn; when, and how it reached the owner. */
export type ConsentWithdrawnData = {
  id: string;
  formId: string;
  consentKey: string;
  withdrawnAt: string;
  /** How the withdrawal reached the owner: `email`, `phone`, `admin_api`, … */
  source: string;
};

/** `endpoint.disabled`: Leadgate stopped sending to an endpoint (410 Gone, or failing for days). */
export type EndpointDisabledData = { endpointId: string; url: string; reason: string; disabledAt: string };

/**
 * `digest.daily`: the previous UTC day's leads, counted per form and tier, sent once a day to each
 * endpoint that subscribes to it (and only when there were leads). Counts only: a digest is not about one
 * lead, so erasure could not find it; it carries nothing personal.
 */
export type DailyDigestData = {
  /** The day counted, `YYYY-MM-DD` (UTC). */
  day: string;
  total: number;
  forms: { formId: string; leads: number; tiers: Record<string, number> }[];
};

type EventData = {
  'lead.created': LeadData;
  'lead.erased': LeadErasedData;
  'lead.consent_withdrawn': ConsentWithdrawnData;
  'endpoint.disabled': EndpointDisabledData;
  'digest.daily': DailyDigestData;
  'webhook.test': { endpointId: string; message: string };
};

/** The body of a webhook request (Standard Webhooks: `type`, `timestamp`, `data`). */
export type WebhookEvent<T extends keyof EventData = keyof EventData> = {
  [K in T]: { type: K; timestamp: string; data: EventData[K] };
}[T];
