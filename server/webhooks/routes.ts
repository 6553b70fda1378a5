/** Admin routes under `/v1/admin/webhooks`: endpoints, secrets, the delivery log, redelivery and replay. */
import { Hono } from 'hono';
import * as v from 'valibot';
import type {
  CreatedEndpoint,
  Redelivery,
  ReplayResult,
  TestSent,
  WebhookEndpoint,
} from '../../shared/admin-webhooks-api.ts';
import { ALL_LEAD_EVENTS, EVENT_TYPES } from '../../shared/events.ts';
import { type FieldIssue, toFieldIssue } from '../../shared/submission.ts';
import { notFound, validationError } from '../http/api-error.ts';
import { type JsonBodyEnv, jsonBody } from '../http/json-body.ts';
import { noQuery, parseQuery } from '../http/query.ts';
import { isMailto, mailtoRecipients } from '../notifications/mailto.ts';
import { checkWebhookUrl } from './address-guard.ts';
import type { DeliveryLog } from './delivery-actions.ts';
import type { EndpointStore } from './endpoint-store.ts';

const MAX_ADMIN_BODY_IN_BYTES = 64 * 1024;
// Headers Leadgate sets itself, or that would break the request.
const RESERVED_HEADER =
  /^(webhook-.*|content-type|content-length|host|connection|transfer-encoding|user-agent)$/i;

// A webhook's http(s) URL, or an email destination's mailto: URL.
const Url = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const url = dataset.value;
    const to = isMailto(url) ? mailtoRecipients(url) : undefined;
    const problem = to ? ('problem' in to ? to.problem : undefined) : checkWebhookUrl(url);
    if (problem) addIssue({ message: problem });
  }),
);
/** What an email destination can be sent: a lead's details as it arrives, or the day's counts. */
const EMAIL_EVENTS = ['lead.created', 'digest.daily'];
const SUBSCRIBABLE = [ALL_LEAD_EVENTS, ...EVENT_TYPES] as const;
const Events = v.pipe(
  v.array(v.picklist(SUBSCRIBABLE, `Use one of: ${SUBSCRIBABLE.join(', ')}.`)),
  v.minLength(1, 'Subscribe to at least one event.'),
);
const Description = v.pipe(v.string(), v.maxLength(500));
const FormIds = v.nullable(
  v.pipe(v.array(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/))), v.maxLength(100)),
);
const Headers = v.pipe(
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Use a valid header name.'),
      v.check((name) => !RESERVED_HEADER.test(name), 'Leadgate sets this header itself.'),
    ),
    v.pipe(v.string(), v.maxLength(1000), v.regex(/^[^\r\n]*$/, 'No line breaks in header values.')),
  ),
  v.maxEntries(20),
);

export const CreateEndpoint = v.strictObject({
  url: Url,
  // Stored as the wildcard, not today's list: an endpoint that chose nothing hears of lead events added
  // later too (an erasure or a withdrawal is an obligation downstream, not a nicety).
  events: v.optional(Events),
  description: v.optional(Description),
  formIds: v.optional(FormIds),
  headers: v.optional(Headers),
});
export const UpdateEndpoint = v.strictObject({
  url: v.optional(Url),
  events: v.optional(Events),
  description: v.optional(Description),
  formIds: v.optional(FormIds),
  headers: v.optional(Headers),
  enabled: v.optional(v.boolean()),
});
export const Replay = v.strictObject({
  since: v.pipe(v.string(), v.isoTimestamp('Use an ISO 8601 time like 2026-11-24T10:00:00Z.')),
});
export const AttemptsQuery = v.object({
  before: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-9]\d{0,15}$/, 'Use the id of the oldest attempt shown.'),
      v.transform(Number),
    ),
  ),
});
export const MessagesQuery = v.object({
  status: v.optional(v.picklist(['pending', 'delivered', 'failed'], 'Use pending, delivered or failed.')),
});
const MessageId = v.pipe(v.string(), v.regex(/^msg_[0-9a-z]+$/, 'Not a message id.'));

function parse<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw validationError(result.issues.map(toFieldIssue));
  return result.output;
}

/**
 * What an email destination cannot take: email off (no SMTP), events other than `EMAIL_EVENTS`, headers.
 */
function emailIssues(
  endpoint: { url: string; events: string[]; headers?: Record<string, string> | undefined },
  emailAvailable: boolean,
): FieldIssue[] {
  if (!isMailto(endpoint.url)) return [];
  const issues: FieldIssue[] = [];
  if (!emailAvailable) {
    issues.push({
      path: 'url',
      message: 'Email destinations need LEADGATE_SMTP_URL: set it and restart Leadgate.',
    });
  }
  const other = endpoint.events.find((e) => !EMAIL_EVENTS.includes(e));
  if (other)
    issues.push({ path: 'events', message: `An email destination takes ${EMAIL_EVENTS.join(' or ')}.` });
  if (Object.keys(endpoint.headers ?? {}).length > 0) {
    issues.push({ path: 'headers', message: 'An email destination takes no headers.' });
  }
  return issues;
}

/** The webhook admin routes; `onQueued` wakes the dispatcher; `emailAvailable`: SMTP is configured. */
export function webhookRoutes({
  endpoints,
  deliveries,
  emailAvailable = false,
  onQueued = () => {},
}: {
  endpoints: EndpointStore;
  deliveries: DeliveryLog;
  emailAvailable?: boolean;
  onQueued?: () => void;
}) {
  const app = new Hono<JsonBodyEnv>();
  const body = jsonBody({ maxSizeInBytes: MAX_ADMIN_BODY_IN_BYTES });
  const found = <T>(value: T | undefined): T => {
    if (value === undefined) throw notFound('This webhook endpoint');
    return value;
  };
  const endpoint = async (id: string) => found(await endpoints.get(id));
  // Each endpoint with its last 2xx from the attempts log: the health the console shows.
  const withHealth = async <E extends { id: string }>(list: E[]) => {
    const last = await deliveries.lastSuccesses(list.map((e) => e.id));
    return list.map((e) => ({ ...e, lastSuccessAt: last.get(e.id) ?? null }));
  };
  // Every answer that shows an endpoint shows it the same way, its health included.
  const shown = async (e: Omit<WebhookEndpoint, 'lastSuccessAt'>): Promise<WebhookEndpoint> =>
    (await withHealth([e]))[0] ?? { ...e, lastSuccessAt: null };

  app.post('/', noQuery, body, async (c) => {
    const input = parse(CreateEndpoint, c.get('body'));
    // Stored as the wildcard, not today's list (see CreateEndpoint); an email destination gets each lead.
    const events = input.events ?? (isMailto(input.url) ? ['lead.created'] : [ALL_LEAD_EVENTS]);
    const issues = emailIssues({ ...input, events }, emailAvailable);
    if (issues.length > 0) throw validationError(issues);
    const { secret, ...created } = await endpoints.create({ ...input, events });
    return c.json({ ...(await shown(created)), secret } satisfies CreatedEndpoint, 201);
  });
  app.get('/', noQuery, async (c) => c.json({ data: await withHealth(await endpoints.list()) }));
  app.get('/messages/:messageId/attempts', noQuery, async (c) => {
    const messageId = parse(MessageId, c.req.param('messageId'));
    return c.json({ data: await deliveries.listAttempts({ messageId }) });
  });
  app.get('/:id', noQuery, async (c) => {
    return c.json(await shown(await endpoint(c.req.param('id'))));
  });
  app.patch('/:id', noQuery, body, async (c) => {
    const changes = parse(UpdateEndpoint, c.get('body'));
    const current = await endpoint(c.req.param('id'));
    const merged = {
      url: changes.url ?? current.url,
      events: changes.events ?? current.events,
      headers: changes.headers ?? current.headers,
    };
    const issues = emailIssues(merged, emailAvailable);
    if (issues.length > 0) throw validationError(issues);
    return c.json(await shown(found(await endpoints.update(current.id, changes))));
  });
  app.delete('/:id', noQuery, async (c) => {
    if (!(await endpoints.delete(c.req.param('id')))) throw notFound('This webhook endpoint');
    return c.body(null, 204);
  });
  app.get('/:id/secret', noQuery, async (c) =>
    c.json({ secret: found(await endpoints.secret(c.req.param('id'))) }),
  );
  app.post('/:id/rotate-secret', noQuery, async (c) =>
    c.json({ secret: found(await endpoints.rotateSecret(c.req.param('id'))) }),
  );
  app.get('/:id/attempts', async (c) => {
    const { before } = parseQuery(c, AttemptsQuery);
    const { id } = await endpoint(c.req.param('id'));
    return c.json({ data: await deliveries.listAttempts({ endpointId: id, ...(before ? { before } : {}) }) });
  });
  app.get('/:id/messages', async (c) => {
    const { status } = parseQuery(c, MessagesQuery);
    const { id } = await endpoint(c.req.param('id'));
    return c.json({ data: await deliveries.listDeliveries(id, status) });
  });
  app.post('/:id/messages/:messageId/redeliver', noQuery, async (c) => {
    const { id } = await endpoint(c.req.param('id'));
    const messageId = parse(MessageId, c.req.param('messageId'));
    if (!(await deliveries.redeliver(id, messageId))) throw notFound('This message');
    onQueued();
    return c.json({ status: 'queued' } satisfies Redelivery, 202);
  });
  app.post('/:id/replay', noQuery, body, async (c) => {
    const { id } = await endpoint(c.req.param('id'));
    const { since } = parse(Replay, c.get('body'));
    const queued = await deliveries.replayFailed(id, Date.parse(since));
    onQueued();
    return c.json({ queued } satisfies ReplayResult, 202);
  });
  app.post('/:id/test', noQuery, async (c) => {
    const { id } = await endpoint(c.req.param('id'));
    const messageId = await deliveries.sendTestEvent(id);
    onQueued();
    return c.json({ messageId } satisfies TestSent, 202);
  });

  return app;
}
