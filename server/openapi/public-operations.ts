/**
 * The operations anyone may call: health, the widget and its form, submissions, beacons, the pages, this
 * reference itself, and the console's sign-in.
 */
import * as v from 'valibot';
import { SessionInfo } from '../../shared/admin-api.ts';
import { FunnelBeacon } from '../../shared/funnel-event.ts';
import { Health } from '../../shared/health.ts';
import { PublicFormSchema } from '../../shared/public-form-schema.ts';
import { ProofSchema, SubmissionBody, SubmissionResponse } from '../../shared/submission.ts';
import { SignIn } from '../admin/session-routes.ts';
import { FormQuery } from '../ingest/routes.ts';
import { demoSubmission, demoSubmissionResponse } from './examples.ts';
import type { Operation } from './operation.ts';

const formId = { formId: 'The form id, such as `demo-ebook`.' };
const html = (description: string) => ({ description, type: 'text/html', text: 'An HTML page.' });

/** The public operations, in the order the reference lists them. */
export const PUBLIC_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/v1/forms/{formId}',
    tag: 'Forms (public)',
    summary: 'Get a form as the widget shows it',
    description:
      'One language (`?locale=`, else `Accept-Language`), steps always, nothing about scoring or origins; a fresh proof-of-work challenge with every fetch unless the bot checks are off.',
    params: formId,
    query: FormQuery,
    responses: { 200: { description: 'The public form.', schema: PublicFormSchema } },
    errors: [400, 404, 410],
  },
  {
    method: 'get',
    path: '/v1/forms/{formId}/challenge',
    tag: 'Forms (public)',
    summary: 'Get a fresh proof-of-work challenge',
    description:
      "For a form preloaded in its script (`widget.js?form=ID`), which comes without one: solve it and send it back as the submission's `proof`.",
    params: formId,
    responses: {
      200: { description: 'A challenge (`number` set when the form asks for no work).', schema: ProofSchema },
      204: { description: 'The bot checks are off: send no proof.' },
    },
    errors: [400, 404, 410],
  },
  {
    method: 'post',
    path: '/v1/forms/{formId}/submissions',
    tag: 'Forms (public)',
    summary: 'Submit a lead',
    description:
      "Answers and consents are checked against the form's definition (422 with a dot path per problem); tier and score are worked out by the server. The same `Idempotency-Key` again answers the same status and body (with `Idempotent-Replayed: true`) and stores nothing more; other bytes under a used key are a 422. Sent with the admin key, a submission skips the bot checks (an import, a backend form).",
    params: formId,
    idempotent: true,
    body: { schema: SubmissionBody, example: demoSubmission },
    responses: {
      201: {
        description: 'Stored (or, when a bot check caught it, answered as if stored).',
        schema: SubmissionResponse,
        example: demoSubmissionResponse,
        headers: { 'Idempotent-Replayed': '`true` when this is the stored answer to an earlier request.' },
      },
    },
    errors: [400, 401, 403, 404, 410, 413, 415, 422, 429],
  },
  {
    method: 'post',
    path: '/v1/forms/{formId}/events',
    tag: 'Forms (public)',
    summary: "Count a step of the form's funnel",
    description:
      "The widget's beacons (`navigator.sendBeacon`): a view, a start, a step reached. Counted per day and source and forgotten; nothing of the request is kept.",
    params: formId,
    body: {
      schema: FunnelBeacon,
      type: 'application/x-www-form-urlencoded',
      example: {
        kind: 'view',
        step: '0',
        version: '1',
        referrer: 'news.example.com',
        utm_source: 'newsletter',
      },
    },
    responses: { 204: { description: 'Counted.' } },
    errors: [400, 403, 404, 413, 415, 422, 429],
  },
  {
    method: 'post',
    path: '/v1/admin/session',
    tag: 'Console session',
    access: 'public',
    summary: 'Sign in to the console',
    description:
      'Opens a session: sets the `lg_session` cookie (HttpOnly, SameSite=Strict; `__Host-lg_session` over HTTPS). Only from a page of this server (login CSRF); scripts use the Bearer key instead.',
    body: { schema: SignIn },
    responses: { 201: { description: 'Signed in; the cookie is set.', schema: SessionInfo } },
    errors: [400, 401, 403, 413, 415, 422, 429],
  },
  {
    method: 'get',
    path: '/v1/admin/session',
    tag: 'Console session',
    access: 'public',
    summary: 'The current session and its CSRF token',
    responses: { 200: { description: 'Signed in.', schema: SessionInfo } },
    errors: [400, 401],
  },
  {
    method: 'delete',
    path: '/v1/admin/session',
    tag: 'Console session',
    access: 'public',
    summary: 'Sign out',
    description: 'Ends the session (with its CSRF token) and clears the cookie; without one, clears it only.',
    responses: { 204: { description: 'Signed out.' } },
    errors: [400, 403],
  },
  {
    method: 'get',
    path: '/healthz',
    tag: 'Server',
    summary: 'Health',
    responses: { 200: { description: 'Up, and its database can be written.', schema: Health } },
    errors: [400, 503],
  },
  {
    method: 'get',
    path: '/widget.js',
    tag: 'Server',
    summary: 'The widget script',
    description:
      'The embeddable script (gzip and brotli when asked, an ETag). `?form=ID` preloads that form inside the script; any other query string (a cache-buster) is ignored.',
    responses: {
      200: { description: 'The script.', type: 'text/javascript', text: 'JavaScript.' },
      304: { description: 'Not modified (`If-None-Match`).' },
    },
    errors: [503],
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    tag: 'Server',
    summary: 'This description, as OpenAPI 3.1',
    responses: {
      200: {
        description: 'The OpenAPI document.',
        schema: v.pipe(
          v.looseObject({ openapi: v.literal('3.1.0') }),
          v.description('An OpenAPI 3.1 document.'),
        ),
      },
    },
    errors: [400],
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Server',
    summary: 'This reference, as a page',
    responses: { 200: html('The API reference, rendered from the OpenAPI document.') },
    errors: [400],
  },
  {
    method: 'get',
    path: '/docs/form-definition.schema.json',
    tag: 'Server',
    summary: 'The form-definition JSON Schema',
    description: 'What `POST /v1/admin/forms` takes, for editors that check JSON as it is typed.',
    responses: {
      200: {
        description: 'JSON Schema 2020-12.',
        type: 'application/schema+json',
        schema: v.pipe(v.looseObject({ $id: v.string() }), v.description('A JSON Schema.')),
      },
    },
    errors: [400],
  },
  {
    method: 'get',
    path: '/admin',
    tag: 'Pages',
    summary: "The owner's console",
    description: 'And every path under /admin: the console routes in the browser.',
    responses: { 200: html('The console.') },
    errors: [503],
  },
  {
    method: 'get',
    path: '/admin/assets/{name}',
    tag: 'Pages',
    access: 'public',
    summary: "The console's scripts and styles",
    params: { name: 'A file name with a content hash (cached for a year).' },
    responses: { 200: { description: 'The file.', type: '*/*', text: 'The file.' } },
    errors: [404],
  },
  ...(
    [
      ['/', 'Redirects to the demo page'],
      ['/demo', 'The demo landing page, with the widget'],
      ['/demo/energy-guide', "The demo's e-book, where its outcome links"],
      ['/demo/book-a-call', "The demo's booking page, for its qualified leads"],
      ['/demo/privacy', "The demo's privacy notice"],
    ] as const
  ).map(
    ([path, summary]): Operation => ({
      method: 'get',
      path,
      tag: 'Pages',
      summary,
      description: 'Unless `LEADGATE_DEMO=off`.',
      responses: path === '/' ? { 302: { description: 'To /demo.' } } : { 200: html('The page.') },
    }),
  ),
];
