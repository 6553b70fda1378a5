/** The HTTP application: every route, the admin gate and the one error handler. Tests call `app.request`. */
import { type Context, Hono } from 'hono';
import { abuseRoutes } from './abuse/routes.ts';
import { adminKeyResolver, type EnvKeyUse, keyRefChecker } from './admin/admin-keys.ts';
import { keyRoutes } from './admin/key-routes.ts';
import { SIGN_INS_PER_MINUTE, sessionAuthenticator, sessionRoutes } from './admin/session-routes.ts';
import { eventRoutes } from './analytics/event-routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import type { Config } from './config.ts';
import { CompiledForms } from './forms/compiled-forms.ts';
import { RefusedOrigins } from './forms/refused-origins.ts';
import { formRoutes } from './forms/routes.ts';
import { adminAuth } from './http/admin-auth.ts';
import { ApiError } from './http/api-error.ts';
import { compressText } from './http/compress-text.ts';
import { cors } from './http/cors.ts';
import { onError } from './http/on-error.ts';
import { noSniff } from './http/security-headers.ts';
import { rateLimiter } from './ingest/rate-limit.ts';
import { ingestRoutes } from './ingest/routes.ts';
import { leadDetailRoutes } from './leads/detail-routes.ts';
import { leadRoutes } from './leads/routes.ts';
import { type Logger, silentLogger } from './log/logger.ts';
import { requestLog } from './log/request-log.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import type { Store } from './store.ts';
import { type ConsoleAssets, loadConsoleAssets } from './web/console-assets.ts';
import { consoleRoutes } from './web/console-routes.ts';
import { formScripts } from './web/form-scripts.ts';
import { webRoutes } from './web/routes.ts';
import { loadWidgetAsset, type WidgetAsset } from './web/widget-asset.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export type AppDeps = {
  store: Store;
  config: Pick<Config, 'adminKey' | 'rateLimitPerMinute' | 'abuseChecks'> &
    Partial<Pick<Config, 'demo' | 'smtp' | 'trustProxy'>>;
  /** The URL browsers and webhooks reach this server at, once known. */
  publicUrl: () => string;
  onDeliveriesQueued?: () => void;
  clientAddress?: (c: Context) => string;
  widget?: WidgetAsset | undefined;
  /** The console's build; loaded from dist/console when unset. */
  console?: ConsoleAssets | undefined;
  /** Where requests, leads and unexpected errors are logged; silent when unset. */
  logger?: Logger;
};

const PREFLIGHT_MAX_AGE_IN_SECONDS = 86_400;
/** Beacons per client address and form, per submission allowed: a visit sends a few (view, start, steps). */
const EVENTS_PER_SUBMISSION = 10;

/** Builds the Hono app over an open store. */
export function createApp(deps: AppDeps) {
  const { store } = deps;
  const { forms, leads, deliveries } = store;
  const logger = deps.logger ?? silentLogger;
  const app = new Hono();
  const envUse: EnvKeyUse = { lastUsedAt: null };
  const resolveKey = adminKeyResolver(store.adminKeys, deps.config.adminKey, envUse);
  const isAdminKey = async (key: string) => (await resolveKey(key)) !== undefined;
  const clientAddress = deps.clientAddress ?? (() => 'unknown');
  const sessions = {
    sessions: store.sessions,
    resolveKey,
    isLiveKey: keyRefChecker(store.adminKeys, deps.config.adminKey, envUse),
    takeSignIn: rateLimiter(SIGN_INS_PER_MINUTE),
    clientAddress,
    trustProxy: deps.config.trustProxy ?? false,
    publicUrl: deps.publicUrl,
  };
  const compiled = new CompiledForms();
  const ownOrigin = () => new URL(deps.publicUrl()).origin;
  const onQueued = deps.onDeliveriesQueued ?? (() => {});
  const widget = 'widget' in deps ? deps.widget : loadWidgetAsset();
  app.use(requestLog(logger));

  app.use('*', noSniff);
  app.get('*', compressText);
  app.route(
    '/',
    webRoutes({
      widget,
      ...(widget ? { formScript: formScripts({ forms, compiled, widget, ownOrigin }) } : {}),
      publicUrl: deps.publicUrl,
      demo: deps.config.demo ?? true,
      checkDb: () => store.writeProblem(),
      logger,
    }),
  );
  app.route('/', openApiRoutes({ publicUrl: deps.publicUrl }));
  const consoleAssets = 'console' in deps ? deps.console : loadConsoleAssets();
  app.route('/admin', consoleRoutes({ assets: consoleAssets, publicUrl: deps.publicUrl }));
  const refusedOrigins = new RefusedOrigins();
  // Any page may fetch a public definition and send beacons; which origins may submit is each form's
  // decision (a 403 in the routes).
  app.use(
    '/v1/forms/*',
    cors({
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Content-Type', 'Idempotency-Key'],
      exposeHeaders: ['Retry-After', 'Idempotent-Replayed'],
      maxAgeInSeconds: PREFLIGHT_MAX_AGE_IN_SECONDS,
    }),
  );
  app.route(
    '/v1/forms',
    eventRoutes({
      forms,
      funnel: store.funnel,
      takeRate: rateLimiter(deps.config.rateLimitPerMinute * EVENTS_PER_SUBMISSION),
      clientAddress,
      ownOrigin,
      refusedOrigins,
    }),
  );
  app.route(
    '/v1/forms',
    ingestRoutes({
      forms,
      idempotency: store.idempotency,
      abuse: store.abuse,
      ingest: store.ingest,
      funnel: store.funnel,
      compiled,
      resolveLink: (link) => (link.startsWith('/') ? deps.publicUrl() + link : link),
      ownOrigin,
      refusedOrigins,
      takeRate: rateLimiter(deps.config.rateLimitPerMinute),
      clientAddress,
      onDeliveriesQueued: onQueued,
      isAdminKey,
      botGate: deps.config.abuseChecks ? { hmacKey: once(() => store.abuse.proofOfWorkKey()) } : undefined,
      logger,
    }),
  );

  // Before the gate: signing in is how a browser gets past it.
  app.route('/v1/admin/session', sessionRoutes(sessions));
  app.use('/v1/admin/*', adminAuth({ isValidKey: isAdminKey, session: sessionAuthenticator(sessions) }));
  app.route('/v1/admin/forms', formRoutes({ forms, refusedOrigins }));
  app.route('/v1/admin/forms', abuseRoutes({ forms, abuse: store.abuse }));
  app.route(
    '/v1/admin/analytics',
    analyticsRoutes({ forms, leads, abuse: store.abuse, funnel: store.funnel }),
  );
  app.route('/v1/admin/leads', leadRoutes({ leads, forms, onQueued }));
  app.route('/v1/admin/leads', leadDetailRoutes({ leads, forms, deliveries }));
  app.route('/v1/admin/people', peopleRoutes({ leads, deliveries, onQueued }));
  app.route(
    '/v1/admin/webhooks',
    webhookRoutes({ endpoints: store.endpoints, deliveries, emailAvailable: !!deps.config.smtp, onQueued }),
  );
  app.route(
    '/v1/admin/keys',
    keyRoutes({
      keys: store.adminKeys,
      sessions: store.sessions,
      configured: !!deps.config.adminKey,
      envUse,
    }),
  );
  app.route('/v1/admin/notifications', notificationRoutes({ smtp: deps.config.smtp }));

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', 'There is nothing at this address.').toBody(), 404),
  );
  app.onError(onError(logger));
  return app;
}

/** `get` run once, its promise kept (a failure is not kept: the next call tries again). */
function once<T>(get: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= get().catch((err) => {
      value = undefined;
      throw err;
    });
    return value;
  };
}
