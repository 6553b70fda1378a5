/** The public ingest API: a form's public definition and submissions, callable cross-origin by the widget. */
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { closedMessage } from '../../shared/public-form.ts';
import type { BlockReason } from '../abuse/abuse-store.ts';
import { asksProofOfWork, issueChallenge } from '../abuse/proof-of-work.ts';
import { acceptsOrigin } from '../forms/accepts-origin.ts';
import type { StoredForm } from '../forms/form-store.ts';
import { bearerToken, unauthorized } from '../http/admin-auth.ts';
import { ApiError } from '../http/api-error.ts';
import { jsonBody } from '../http/json-body.ts';
import { noQuery, parseQuery } from '../http/query.ts';
import type { Logger } from '../log/logger.ts';
import type { RateDecision } from './rate-limit.ts';
import { type SubmitDeps, submitLead } from './submit-lead.ts';

export type IngestDeps = SubmitDeps & {
  takeRate: (key: string) => RateDecision;
  clientAddress: (c: Context) => string;
  /** Whether a bearer token is an admin key: a server-side integration that skips the bot gates. */
  isAdminKey: (key: string) => Promise<boolean>;
  /** Called after a lead was stored with webhooks owed, to wake the dispatcher. */
  onDeliveriesQueued: () => void;
  logger: Logger;
};

type IngestEnv = { Variables: { body: unknown; bodyText: string; leadId: string; decoy: BlockReason } };

// Enough of a 422's paths to say what was wrong, without letting one request write a long line.
const MAX_LOGGED_PATHS = 10;

const MAX_SUBMISSION_IN_BYTES = 64 * 1024;
export const FormQuery = v.object({ locale: v.optional(v.pipe(v.string(), v.maxLength(35))) });

/** Routes under `/v1/forms` (CORS is the public API's, set in app.ts). */
export function ingestRoutes(deps: IngestDeps) {
  const app = new Hono<IngestEnv>();

  /**
   * The form a public route names, taking submissions: a 404 for an unknown one, a 410 with its closing
   * message (in `locale`) for an archived one, which the widget shows in the form's place.
   */
  const liveForm = async (formId: string, locale?: string) => {
    const form = await deps.forms.get(formId);
    if (!form) throw new ApiError(404, 'form_not_found', 'There is no such form.');
    if (form.archivedAt !== null)
      throw new ApiError(410, 'form_closed', closedMessage(form.definition, locale));
    return form;
  };
  /** A fresh challenge for `form`, asking for the work unless the form turned it off. */
  const challengeFor = async (form: StoredForm, botGate: NonNullable<IngestDeps['botGate']>) =>
    issueChallenge(await botGate.hmacKey(), form.id, asksProofOfWork(form.definition));

  app.get('/:formId', async (c) => {
    const query = parseQuery(c, FormQuery);
    const locale = query.locale ?? c.req.header('accept-language')?.split(/[,;]/)[0]?.trim();
    c.header('cache-control', 'no-cache');
    c.header('vary', 'Accept-Language, Origin');
    const form = await liveForm(c.req.param('formId'), locale);
    const { public: shown } = deps.compiled.get(form.definition, form.version, locale);
    const origin = c.req.header('origin');
    if (!acceptsOrigin(form.definition, origin, deps.ownOrigin())) {
      // Said now, before the visitor fills it in; counted and remembered for the owner, as a refused
      // submission is (the console offers to allow the site in one click).
      await deps.abuse.countBlocked(form.id, 'origin_not_allowed');
      deps.refusedOrigins?.record(form.id, origin);
      deps.logger.info({ formId: form.id, origin }, 'form shown to a site it does not accept');
      return c.json({ ...shown, originAllowed: false });
    }
    if (!deps.botGate) return c.json(shown);
    // A fresh challenge with every fetch: it says when the form was fetched, and asks for the work.
    return c.json({ ...shown, challenge: await challengeFor(form, deps.botGate) });
  });

  // A form preloaded in its script (`widget.js?form=ID`) comes without a challenge, which is per visitor
  // and single-use: the widget asks for one here while it shows the form. 204 when the gates are off.
  app.get('/:formId/challenge', noQuery, async (c) => {
    const form = await liveForm(c.req.param('formId'));
    c.header('cache-control', 'no-store');
    if (!deps.botGate) return c.body(null, 204);
    return c.json(await challengeFor(form, deps.botGate));
  });

  app.post(
    '/:formId/submissions',
    // One line per submission, accepted or refused with its reason: ids and codes, never an answer.
    async function logSubmission(c, next) {
      await next();
      if (!deps.logger.isLevelEnabled('info')) return;
      const formId = c.req.param('formId');
      const status = c.res.status;
      const decoy = c.get('decoy');
      if (decoy) {
        // Answered as if stored, so the bot learns nothing; the log says what really happened.
        deps.logger.info({ formId, status, reason: decoy }, 'lead discarded');
      } else if (status < 300) {
        deps.logger.info({ formId, leadId: c.get('leadId'), status }, 'lead accepted');
      } else if (c.error instanceof ApiError) {
        const paths = c.error.issues?.slice(0, MAX_LOGGED_PATHS).map((i) => i.path);
        deps.logger.info({ formId, status, code: c.error.code, ...(paths ? { paths } : {}) }, 'lead refused');
      }
    },
    noQuery,
    async (c, next) => {
      const formId = c.req.param('formId') ?? '';
      const decision = deps.takeRate(`${deps.clientAddress(c)}|${formId}`);
      if (!decision.allowed) {
        // Counted for a live form only (in memory, no write per refusal): an unknown id is no one's refusal.
        const form = await deps.forms.get(formId);
        if (form && form.archivedAt === null) await deps.abuse.countBlocked(form.id, 'rate_limited');
        throw new ApiError(429, 'rate_limited', 'Too many submissions; try again shortly.', {
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        });
      }
      return next();
    },
    jsonBody({ maxSizeInBytes: MAX_SUBMISSION_IN_BYTES }),
    async (c) => {
      const result = await submitLead(deps, {
        trusted: await trustedCaller(c.req.header('authorization'), deps.isAdminKey),
        formId: c.req.param('formId'),
        body: c.get('body'),
        bodyText: c.get('bodyText'),
        idempotencyKey: c.req.header('idempotency-key'),
        origin: c.req.header('origin'),
      });
      if (!result.ok) {
        const { status, code, message, issues } = result.error;
        throw new ApiError(status, code, message, issues ? { issues } : {});
      }
      if (result.deliveries > 0) deps.onDeliveriesQueued();
      if (result.decoy) c.set('decoy', result.decoy);
      else c.set('leadId', result.body.id);
      if (result.replayed) c.header('idempotent-replayed', 'true');
      return c.json(result.body, result.status);
    },
  );

  return app;
}

/**
 * A submission sent with an admin key comes from the owner's own server (an import, a backend form), not
 * from a browser: the bot gates do not apply. A key that is not one is a 401, never silently public.
 */
async function trustedCaller(
  authorization: string | undefined,
  isAdminKey: (key: string) => Promise<boolean>,
): Promise<boolean> {
  if (authorization === undefined) return false;
  const key = bearerToken(authorization);
  if (key && (await isAdminKey(key))) return true;
  throw unauthorized('This Authorization is not a valid admin key; send none from a browser.');
}
