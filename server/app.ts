/** The HTTP application: every route, the admin gate and the one error handler. Tests call `app.request`. */
import { type Context, Hono } from 'hono';
import { proofOfWorkKey } from './abuse/abuse-store.ts';
import { abuseRoutes } from './abuse/routes.ts';
import { adminKeyChecker } from './admin/admin-keys.ts';
import type { Config } from './config.ts';
import { CompiledForms } from './forms/compiled-forms.ts';
import { formRoutes } from './forms/routes.ts';
import { adminAuth } from './http/admin-auth.ts';
import { ApiError } from './http/api-error.ts';
import { compressJson } from './http/compress-json.ts';
import { onError } from './http/on-error.ts';
import { noSniff } from './http/security-headers.ts';
import { rateLimiter } from './ingest/rate-limit.ts';
import { ingestRoutes } from './ingest/routes.ts';
import { leadRoutes } from './leads/routes.ts';
import { type Logger, silentLogger } from './log/logger.ts';
import { requestLog } from './log/request-log.ts';
import { peopleRoutes } from './people/routes.ts';
import { type Db, writeProblem } from './storage/db.ts';
import { formScripts } from './web/form-scripts.ts';
import { webRoutes } from './web/routes.ts';
import { loadWidgetAsset, type WidgetAsset } from './web/widget-asset.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export type AppDeps = {
  db: Db;
  config: Pick<Config, 'adminKey' | 'rateLimitPerMinute' | 'abuseChecks'> & Partial<Pick<Config, 'demo'>>;
  /** The URL browsers and webhooks reach this server at, once known. */
  publicUrl: () => string;
  onDeliveriesQueued?: () => void;
  clientAddress?: (c: Context) => string;
  widget?: WidgetAsset | undefined;
  /** Where requests, leads and unexpected errors are logged; silent when unset. */
  logger?: Logger;
};

/** Builds the Hono app over an open database. */
export function createApp(deps: AppDeps) {
  const { db } = deps;
  const logger = deps.logger ?? silentLogger;
  const app = new Hono();
  const isAdminKey = adminKeyChecker(db, deps.config.adminKey);
  const forms = new CompiledForms();
  const widget = 'widget' in deps ? deps.widget : loadWidgetAsset();
  app.use(requestLog(logger));

  app.use('*', noSniff);
  app.get('*', compressJson);
  app.route(
    '/',
    webRoutes({
      widget,
      ...(widget ? { formScript: formScripts({ db, forms, widget }) } : {}),
      publicUrl: deps.publicUrl,
      demo: deps.config.demo ?? true,
      checkDb: () => writeProblem(db),
      logger,
    }),
  );
  app.route(
    '/v1/forms',
    ingestRoutes({
      db,
      forms,
      resolveLink: (link) => (link.startsWith('/') ? deps.publicUrl() + link : link),
      ownOrigin: () => new URL(deps.publicUrl()).origin,
      takeRate: rateLimiter(deps.config.rateLimitPerMinute),
      clientAddress: deps.clientAddress ?? (() => 'unknown'),
      onDeliveriesQueued: deps.onDeliveriesQueued ?? (() => {}),
      isAdminKey,
      botGate: deps.config.abuseChecks ? { hmacKey: proofOfWorkKey(db) } : undefined,
      logger,
    }),
  );

  app.use('/v1/admin/*', adminAuth({ isValidKey: isAdminKey }));
  app.route('/v1/admin/forms', formRoutes({ db }));
  app.route('/v1/admin/forms', abuseRoutes({ db }));
  app.route('/v1/admin/leads', leadRoutes({ db, onQueued: deps.onDeliveriesQueued ?? (() => {}) }));
  app.route('/v1/admin/people', peopleRoutes({ db, onQueued: deps.onDeliveriesQueued ?? (() => {}) }));
  app.route('/v1/admin/webhooks', webhookRoutes({ db, onQueued: deps.onDeliveriesQueued ?? (() => {}) }));

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', 'There is nothing at this address.').toBody(), 404),
  );
  app.onError(onError(logger));
  return app;
}
