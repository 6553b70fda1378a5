/**
 * `POST /v1/forms/:formId/events`: the widget's beacons (view, start, step reached), counted and
 * forgotten. Nothing of the request is kept but the counter it adds to: no address, no cookie, no id.
 */
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { COUNTED_UTM, FunnelBeacon } from '../../shared/funnel-event.ts';
import { toFieldIssue } from '../../shared/submission.ts';
import { acceptsOrigin } from '../forms/accepts-origin.ts';
import type { FormStore } from '../forms/form-store.ts';
import type { RefusedOrigins } from '../forms/refused-origins.ts';
import { ApiError, validationError } from '../http/api-error.ts';
import { type FormBodyEnv, formBody } from '../http/form-body.ts';
import { noQuery } from '../http/query.ts';
import type { RateDecision } from '../ingest/rate-limit.ts';
import { sourceOf } from './dimensions.ts';
import type { FunnelStore } from './funnel-store.ts';

export type EventRouteDeps = {
  forms: FormStore;
  funnel: FunnelStore;
  /** Per client address and form, looser than submissions: a visit sends a few beacons. */
  takeRate: (key: string) => RateDecision;
  clientAddress: (c: Context) => string;
  ownOrigin: () => string;
  /** Where a refused origin is remembered, for the console to offer allowing it. */
  refusedOrigins?: RefusedOrigins;
};

/** A beacon is a few short values; a kilobyte leaves room for long UTM values, which are cut anyway. */
const MAX_BEACON_IN_BYTES = 1024;

/** Routes under `/v1/forms` (CORS is the public API's, set in app.ts). */
export function eventRoutes(deps: EventRouteDeps) {
  const app = new Hono<FormBodyEnv>();
  app.post(
    '/:formId/events',
    noQuery,
    (c, next) => {
      const decision = deps.takeRate(`${deps.clientAddress(c)}|${c.req.param('formId') ?? ''}`);
      if (!decision.allowed) {
        throw new ApiError(429, 'rate_limited', 'Too many events; try again shortly.', {
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        });
      }
      return next();
    },
    formBody({ maxSizeInBytes: MAX_BEACON_IN_BYTES }),
    async (c) => {
      // An unknown or archived form counts nothing: 404, as its other public routes answer.
      const form = await deps.forms.get(c.req.param('formId'));
      if (!form || form.archivedAt !== null) {
        throw new ApiError(404, 'form_not_found', 'There is no such form.');
      }
      const origin = c.req.header('origin');
      // A copy of the tag on a site the form refuses would count views that can never convert.
      if (!acceptsOrigin(form.definition, origin, deps.ownOrigin())) {
        deps.refusedOrigins?.record(form.id, origin);
        throw new ApiError(403, 'origin_not_allowed', `This form does not accept ${origin}.`);
      }
      const body = { ...c.get('form') };
      // The widget sends the visit's UTM parameters as it has them; only three are counted.
      for (const name of Object.keys(body)) {
        if (name.startsWith('utm_') && !(COUNTED_UTM as readonly string[]).includes(name)) delete body[name];
      }
      const parsed = v.safeParse(FunnelBeacon, body);
      if (!parsed.success) throw validationError(parsed.issues.map(toFieldIssue), 'The beacon is invalid.');
      const beacon = parsed.output;
      const shown = beacon.version === form.version ? form : await deps.forms.get(form.id, beacon.version);
      if (!shown)
        throw validationError([{ path: 'version', message: `This form has no version ${beacon.version}.` }]);
      const steps = shown.definition.steps?.length ?? 1;
      if (beacon.step > steps) {
        throw validationError([{ path: 'step', message: `Version ${shown.version} has ${steps} step(s).` }]);
      }
      await deps.funnel.count({
        formId: form.id,
        formVersion: shown.version,
        kind: beacon.kind,
        step: beacon.step,
        source: sourceOf(beacon, beacon.referrer, origin),
      });
      return c.body(null, 204);
    },
  );
  return app;
}
