/**
 * The webhook admin operations (endpoints, secrets, the delivery log, redelivery, replay, test), and the
 * events Leadgate sends, for the document's `webhooks` section.
 */
import * as v from 'valibot';
import {
  AttemptLog,
  CreatedEndpoint,
  EndpointList,
  EndpointMessageList,
  EndpointSecret,
  Redelivery,
  ReplayResult,
  TestSent,
  WebhookEndpoint,
} from '../../shared/admin-webhooks-api.ts';
import { EVENT_DATA } from '../../shared/events.ts';
import { AttemptsQuery, CreateEndpoint, MessagesQuery, Replay, UpdateEndpoint } from '../webhooks/routes.ts';
import type { Operation } from './operation.ts';

const endpoint = { id: 'The endpoint id, `ep_…`.' };
const tag = 'Webhooks';

/** The webhook admin operations. */
export const WEBHOOK_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/admin/webhooks',
    tag,
    summary: 'Create an endpoint',
    description:
      'An `https://` URL (or `http://` to an address `LEADGATE_WEBHOOK_ALLOW` allows), or `mailto:` for an email destination. No `events` = every `lead.*` event, those added later too.',
    body: {
      schema: CreateEndpoint,
      example: { url: 'https://crm.example.com/hooks/leadgate', events: ['lead.created', 'lead.erased'] },
    },
    responses: { 201: { description: 'Created, with its signing secret.', schema: CreatedEndpoint } },
    errors: [400, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks',
    tag,
    summary: 'List endpoints',
    responses: { 200: { description: 'With their health.', schema: EndpointList } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks/{id}',
    tag,
    summary: 'Get an endpoint',
    params: endpoint,
    responses: { 200: { description: 'The endpoint.', schema: WebhookEndpoint } },
    errors: [400, 404],
  },
  {
    method: 'patch',
    path: '/v1/admin/webhooks/{id}',
    tag,
    summary: 'Change an endpoint',
    description: 'Only what is sent changes; `enabled: true` turns a disabled one back on.',
    params: endpoint,
    body: { schema: UpdateEndpoint, example: { enabled: false } },
    responses: { 200: { description: 'The endpoint as it is now.', schema: WebhookEndpoint } },
    errors: [400, 404, 413, 415, 422],
  },
  {
    method: 'delete',
    path: '/v1/admin/webhooks/{id}',
    tag,
    summary: 'Delete an endpoint',
    params: endpoint,
    responses: { 204: { description: 'Deleted.' } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks/{id}/secret',
    tag,
    summary: "Get an endpoint's secret",
    params: endpoint,
    responses: { 200: { description: 'The current signing secret.', schema: EndpointSecret } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/rotate-secret',
    tag,
    summary: 'Rotate the secret',
    description: 'The previous secret keeps signing alongside the new one for 24 hours.',
    params: endpoint,
    responses: { 200: { description: 'The new secret.', schema: EndpointSecret } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks/{id}/attempts',
    tag,
    summary: "An endpoint's delivery attempts",
    params: endpoint,
    query: AttemptsQuery,
    responses: { 200: { description: 'Newest first, 100 a page.', schema: AttemptLog } },
    errors: [400, 404, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks/{id}/messages',
    tag,
    summary: 'The messages owed to an endpoint',
    params: endpoint,
    query: MessagesQuery,
    responses: { 200: { description: 'Newest first, the last 100.', schema: EndpointMessageList } },
    errors: [400, 404, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks/messages/{messageId}/attempts',
    tag,
    summary: "A message's attempts, to every endpoint",
    params: { messageId: 'The message id, `msg_…` (its `webhook-id`).' },
    responses: { 200: { description: 'Newest first.', schema: AttemptLog } },
    errors: [400, 422],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/messages/{messageId}/redeliver',
    tag,
    summary: 'Send a message again',
    description: 'Now, with a fresh retry schedule and the same `webhook-id`.',
    params: { ...endpoint, messageId: 'The message id, `msg_…`.' },
    responses: { 202: { description: 'Queued.', schema: Redelivery } },
    errors: [400, 404, 422],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/replay',
    tag,
    summary: 'Send failed messages again',
    description: 'Every message that failed for this endpoint since a time.',
    params: endpoint,
    body: { schema: Replay, example: { since: '2026-11-24T10:00:00Z' } },
    responses: { 202: { description: 'Queued.', schema: ReplayResult } },
    errors: [400, 404, 413, 415, 422],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/test',
    tag,
    summary: 'Send a test event',
    description: 'A `webhook.test` message to this endpoint, whatever it subscribes to.',
    params: endpoint,
    responses: { 202: { description: 'Queued.', schema: TestSent } },
    errors: [400, 404],
  },
];

/** What each event means, for the `webhooks` section. */
export const EVENT_DESCRIPTIONS: Record<keyof typeof EVENT_DATA, string> = {
  'lead.created':
    'A lead was stored: the whole lead (answers, consents with their exact text, tier, score, context, form id and version). Sent at least once, even across crashes.',
  'lead.erased':
    'A lead was erased (one, or a person’s): erase your copy too. Messages about it not yet sent are not sent.',
  'lead.consent_withdrawn': 'A consent the lead gave was withdrawn: when, and how it reached the owner.',
  'endpoint.disabled':
    'Leadgate stopped sending to an endpoint (it answered 410 Gone, or failed for days). Sent to the other endpoints that subscribe to it.',
  'digest.daily':
    "The previous UTC day's leads, counted per form and tier, once a day (only when there were leads). Counts only, nothing personal.",
  'webhook.test': 'Sent by `POST /v1/admin/webhooks/{id}/test` to that endpoint only.',
};

/** An event's body schema, as the webhooks section documents it. */
export const eventBody = (type: keyof typeof EVENT_DATA) =>
  v.object({
    type: v.literal(type),
    timestamp: v.pipe(v.string(), v.isoTimestamp(), v.description('When the event happened (ISO 8601).')),
    data: EVENT_DATA[type],
  });
