/**
 * The OpenAPI 3.1 document of Leadgate's HTTP API and its webhooks, built from the operation tables and
 * the valibot schemas the server validates with and builds its answers to. `GET /v1/openapi.json`.
 */
import type * as v from 'valibot';
import {
  AdminKeyInfo,
  AttemptRecord,
  ConsentChange,
  DeliveryRecord,
  MessageRecord,
  ScorePart,
  SessionInfo,
  StoredConsent,
  StoredLead,
} from '../../shared/admin-api.ts';
import { FormRecord } from '../../shared/admin-forms-api.ts';
import { AttemptLogEntry, EndpointMessage, WebhookEndpoint } from '../../shared/admin-webhooks-api.ts';
import { DailyCounts, FunnelStage, FunnelSummary } from '../../shared/analytics-api.ts';
import { Answer } from '../../shared/answer.ts';
import { ErrorBody, FieldIssue } from '../../shared/error-body.ts';
import { ConsentRecord, EVENT_DATA, webhookEventSchema } from '../../shared/events.ts';
import { PublicField, PublicFormSchema } from '../../shared/public-form-schema.ts';
import { ProofSchema, SubmissionContext, SubmissionResponse } from '../../shared/submission.ts';
import { ADMIN_OPERATIONS } from './admin-operations.ts';
import { formDefinitionSchema } from './form-definition-schema.ts';
import { jsonSchemas } from './json-schema.ts';
import type { Operation, Reply } from './operation.ts';
import { PUBLIC_OPERATIONS } from './public-operations.ts';
import { EVENT_DESCRIPTIONS, WEBHOOK_OPERATIONS } from './webhook-operations.ts';

/** The reference's order: what integrations call first, the server's own pages last. */
const TAG_ORDER = [
  'Forms (public)',
  'Forms',
  'Leads',
  'People (data-subject requests)',
  'Analytics',
  'Webhooks',
  'Admin keys',
  'Notifications',
  'Console session',
  'Server',
  'Pages',
];

/** Every operation, in the reference's order (a tag not in the list goes last). */
export const OPERATIONS: Operation[] = [...PUBLIC_OPERATIONS, ...ADMIN_OPERATIONS, ...WEBHOOK_OPERATIONS]
  .map((op, i) => ({
    op,
    i,
    rank: (TAG_ORDER.indexOf(op.tag) + TAG_ORDER.length + 1) % (TAG_ORDER.length + 1),
  }))
  .sort((a, b) => a.rank - b.rank || a.i - b.i)
  .map(({ op }) => op);

const EVENT_COMPONENTS = Object.fromEntries(
  Object.keys(EVENT_DATA).map((type) => [
    eventComponent(type),
    webhookEventSchema(type as keyof typeof EVENT_DATA),
  ]),
);

/** The schemas the document names (and the reference links to), by name. */
const NAMED: Record<string, v.GenericSchema> = {
  ErrorBody,
  FieldIssue,
  PublicForm: PublicFormSchema,
  PublicField,
  Challenge: ProofSchema,
  SubmissionContext,
  SubmissionResponse,
  Answer,
  SessionInfo,
  FormRecord,
  ConsentRecord,
  ConsentChange,
  StoredConsent,
  StoredLead,
  ScorePart,
  AttemptRecord,
  DeliveryRecord,
  MessageRecord,
  WebhookEndpoint,
  AttemptLogEntry,
  EndpointMessage,
  FunnelSummary,
  FunnelStage,
  DailyCounts,
  AdminKeyInfo,
  ...EVENT_COMPONENTS,
};

/** `lead.consent_withdrawn` → `LeadConsentWithdrawnEvent`. */
export function eventComponent(type: string): string {
  return `${type
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Event`;
}

const STATUS_TEXT: Record<number, [name: string, description: string]> = {
  400: [
    'BadRequest',
    'Malformed: a body that is not JSON, an unknown query parameter (named), a bad header.',
  ],
  401: ['Unauthorized', 'No admin key or session, or one that is not accepted.'],
  403: [
    'Forbidden',
    'The origin is not allowed, the proof of work is missing or wrong, or the CSRF check failed.',
  ],
  404: ['NotFound', 'No such form or resource.'],
  409: ['Conflict', 'The state forbids it (the form exists, the consent is not granted, the last key).'],
  410: ['Gone', 'The form is archived: `message` is its closing message, in the visitor’s language.'],
  413: ['PayloadTooLarge', 'The body is too large.'],
  415: ['UnsupportedMediaType', 'The body is not of the type this operation takes.'],
  422: [
    'ValidationFailed',
    'The request did not pass validation: `issues` gives each problem at its dot path.',
  ],
  429: ['RateLimited', 'Too many requests: wait `Retry-After` seconds.'],
  503: ['Unavailable', 'Not built, or the database cannot be written.'],
};

/** The OpenAPI document for a server reached at `serverUrl`. */
export function openApiDocument(serverUrl: string) {
  const schemas = jsonSchemas(NAMED);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = operationObject(op, schemas.of);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Leadgate',
      version: '1',
      summary: 'Self-hosted lead capture: forms, validated and scored leads, signed Standard Webhooks.',
      description:
        'Every request and answer is JSON unless said otherwise. Errors always have the shape of `ErrorBody`; nothing a client sends is answered with a 500. Unknown query parameters are a 400 that names them. Admin operations take `Authorization: Bearer <admin key>`, or the console’s session cookie (with `X-CSRF-Token` on every change).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    externalDocs: { description: 'The form language (docs/forms.md)', url: `${serverUrl}/docs#forms` },
    servers: [{ url: serverUrl }],
    tags: [...new Set(OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    webhooks: Object.fromEntries(
      Object.keys(EVENT_DATA).map((type) => [type, { post: webhookObject(type as keyof typeof EVENT_DATA) }]),
    ),
    components: {
      schemas: { FormDefinition: formDefinitionSchema(), ...schemas.components() },
      responses: Object.fromEntries(
        Object.values(STATUS_TEXT).map(([name, description]) => [
          name,
          {
            description,
            ...(name === 'RateLimited'
              ? { headers: { 'Retry-After': header('Seconds to wait.', { type: 'integer', minimum: 1 }) } }
              : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
          },
        ]),
      ),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same key with the same body answers the stored response, and no second lead or webhook is made. 1–255 visible ASCII characters; kept 7 days. The widget always sends one.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
          example: '9d6c0f5e-3f4b-4a57-9a51-2f1b8c2e7d10',
        },
      },
      securitySchemes: {
        adminKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An admin key: printed on first start, set as `LEADGATE_ADMIN_KEY`, or made under /v1/admin/keys.',
        },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'lg_session',
          description:
            'The console’s session, from `POST /v1/admin/session` (HttpOnly, SameSite=Strict; named `__Host-lg_session` over HTTPS). Requests that change something also need `csrfToken`.',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            'The session’s CSRF token (`GET /v1/admin/session`), on every request with the cookie that is not a GET.',
        },
      },
    },
  };
}

/** One operation as OpenAPI writes it. */
function operationObject(op: Operation, of: (s: v.GenericSchema) => unknown) {
  const admin = (op.access ?? (op.path.startsWith('/v1/admin') ? 'admin' : 'public')) === 'admin';
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    ...(op.params?.[name] ? { description: op.params[name] } : {}),
    schema: { type: 'string' },
  }));
  const queryParams = Object.entries(op.query?.entries ?? {}).map(([name, schema]) => {
    const { description, ...json } = of(schema) as { description?: string; type?: string; default?: unknown };
    // A query value is a string that the route turns into a number: its default is written as the string.
    if ((json.type === 'integer' || json.type === 'number') && typeof json.default === 'string') {
      json.default = Number(json.default);
    }
    return {
      name,
      in: 'query',
      required: schema.type !== 'optional',
      ...(description ? { description } : {}),
      schema: json,
    };
  });
  const errors = [
    ...new Set([
      ...(op.errors ?? []),
      ...(admin ? [401] : []),
      ...(admin && op.method !== 'get' ? [403] : []),
    ]),
  ].sort();
  return {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(admin
      ? {
          security:
            op.method === 'get'
              ? [{ adminKey: [] }, { consoleSession: [] }]
              : [{ adminKey: [] }, { consoleSession: [], csrfToken: [] }],
        }
      : { security: [] }),
    parameters: [
      ...pathParams,
      ...queryParams,
      ...(op.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            ...(op.body.description ? { description: op.body.description } : {}),
            content: {
              [op.body.type ?? 'application/json']: {
                schema: of(op.body.schema),
                ...(op.body.example === undefined ? {} : { example: op.body.example }),
              },
            },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([status, reply]) => [status, replyObject(reply, of)]),
      ),
      ...Object.fromEntries(
        errors.map((status) => [
          String(status),
          { $ref: `#/components/responses/${STATUS_TEXT[status]?.[0]}` },
        ]),
      ),
    },
  };
}

function replyObject(reply: Reply, of: (s: v.GenericSchema) => unknown) {
  const headers = Object.entries(reply.headers ?? {}).map(([name, description]) => [
    name,
    header(description, { type: 'string' }),
  ]);
  const schema = reply.schema
    ? of(reply.schema)
    : reply.text
      ? { type: 'string', description: reply.text }
      : undefined;
  return {
    description: reply.description,
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
    ...(schema
      ? {
          content: Object.fromEntries(
            [reply.type ?? 'application/json']
              .flat()
              .map((type) => [
                type,
                { schema, ...(reply.example === undefined ? {} : { example: reply.example }) },
              ]),
          ),
        }
      : {}),
  };
}

/** A webhook event as the `webhooks` section writes it: the POST Leadgate sends, and what it expects back. */
function webhookObject(type: keyof typeof EVENT_DATA) {
  return {
    operationId: `webhook:${type}`,
    summary: type,
    description: EVENT_DESCRIPTIONS[type],
    tags: ['Webhook events'],
    parameters: [
      {
        name: 'webhook-id',
        in: 'header',
        required: true,
        description: 'The message id, `msg_…`: the same on every retry of one message. Deduplicate on it.',
        schema: { type: 'string' },
      },
      {
        name: 'webhook-timestamp',
        in: 'header',
        required: true,
        description: 'Unix seconds of this attempt (fresh on each retry). Refuse one far from your clock.',
        schema: { type: 'string', pattern: '^[0-9]+$' },
      },
      {
        name: 'webhook-signature',
        in: 'header',
        required: true,
        description:
          '`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the endpoint’s secret (the base64 after `whsec_`); several, space-separated, while a rotated secret is still valid. Verify with any Standard Webhooks library.',
        schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
      },
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${eventComponent(type)}` } } },
    },
    responses: {
      '2XX': {
        description:
          'Received. Anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (the default schedule, with jitter; later if `Retry-After` asks), then the delivery fails.',
      },
      '410': { description: 'Gone: Leadgate disables the endpoint and sends `endpoint.disabled`.' },
    },
  };
}

function header(description: string, schema: Record<string, unknown>) {
  return { description, schema };
}

/** `get /v1/admin/forms/{id}/versions` → `getV1AdminFormsIdVersions`: stable, for client generators. */
function operationId(op: Operation): string {
  const words = op.path
    .split(/[/{}.-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return op.method + (words.join('') || 'Root');
}
