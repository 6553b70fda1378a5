/** Admin routes under `/v1/admin/webhooks`: endpoints, secrets and the delivery log. */
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import { EVENT_TYPES } from '../../shared/events.ts';
import { toFieldIssue } from '../../shared/submission.ts';
import { notFound, validationError } from '../http/api-error.ts';
import { type JsonBodyEnv, jsonBody } from '../http/json-body.ts';
import type { Db } from '../storage/db.ts';
import { webhookAttempts } from '../storage/schema.ts';
import { checkWebhookUrl } from './address-guard.ts';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from './endpoint-store.ts';

const MAX_ADMIN_BODY_IN_BYTES = 64 * 1024;
const MAX_ATTEMPTS_LISTED = 100;

const Url = v.pipe(
  v.string(),
  v.check((url) => checkWebhookUrl(url) === undefined, 'Use an http(s) URL without credentials.'),
);
const Events = v.pipe(
  v.array(v.picklist(EVENT_TYPES, `Use one of: ${EVENT_TYPES.join(', ')}.`)),
  v.minLength(1, 'Subscribe to at least one event.'),
);
const Description = v.pipe(v.string(), v.maxLength(500));

const CreateEndpoint = v.strictObject({
  url: Url,
  events: v.optional(Events, ['lead.created']),
  description: v.optional(Description),
});
const UpdateEndpoint = v.strictObject({
  url: v.optional(Url),
  events: v.optional(Events),
  description: v.optional(Description),
  enabled: v.optional(v.boolean()),
});

function parse<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, body);
  if (!result.success) throw validationError(result.issues.map(toFieldIssue));
  return result.output;
}

/** The webhook admin routes; `db` is the only dependency. */
export function webhookRoutes({ db }: { db: Db }) {
  const app = new Hono<JsonBodyEnv>();
  const body = jsonBody({ maxSizeInBytes: MAX_ADMIN_BODY_IN_BYTES });
  const found = <T>(value: T | undefined): T => {
    if (value === undefined) throw notFound('This webhook endpoint');
    return value;
  };

  app.post('/', body, (c) => c.json(createEndpoint(db, parse(CreateEndpoint, c.get('body'))), 201));
  app.get('/', (c) => c.json({ data: listEndpoints(db) }));
  app.get('/:id', (c) => c.json(found(getEndpoint(db, c.req.param('id')))));
  app.patch('/:id', body, (c) =>
    c.json(found(updateEndpoint(db, c.req.param('id'), parse(UpdateEndpoint, c.get('body'))))),
  );
  app.delete('/:id', (c) => {
    if (!deleteEndpoint(db, c.req.param('id'))) throw notFound('This webhook endpoint');
    return c.body(null, 204);
  });
  app.post('/:id/rotate-secret', (c) => c.json({ secret: found(rotateSecret(db, c.req.param('id'))) }));
  app.get('/:id/attempts', (c) => {
    const id = found(getEndpoint(db, c.req.param('id'))).id;
    const rows = db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.endpointId, id))
      .orderBy(desc(webhookAttempts.id))
      .limit(MAX_ATTEMPTS_LISTED)
      .all();
    return c.json({
      data: rows.map((r) => ({
        id: r.id,
        messageId: r.messageId,
        attemptedAt: new Date(r.attemptedAt).toISOString(),
        statusCode: r.statusCode,
        latencyMs: r.latencyMs,
        responseBody: r.responseBody,
        error: r.error,
      })),
    });
  });

  return app;
}
