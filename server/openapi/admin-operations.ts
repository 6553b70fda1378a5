/** The admin operations (Bearer admin key, or the console's session): forms, analytics, leads, people, keys. */
import {
  AdminKeyList,
  ConsentWithdrawal,
  CreatedAdminKey,
  LeadPage,
  LeadScoring,
  MessageList,
  NotificationStatus,
  PersonErasure,
  PersonLeads,
  StoredLead,
  SubjectExport,
} from '../../shared/admin-api.ts';
import {
  BlockedReport,
  FormList,
  FormRecord,
  FormVersionList,
  RefusedOriginList,
} from '../../shared/admin-forms-api.ts';
import { BreakdownReport, DailyReport, FunnelReport } from '../../shared/analytics-api.ts';
import { FormDefinition } from '../../shared/form-definition.ts';
import { BlockedQuery } from '../abuse/routes.ts';
import { CreateKey } from '../admin/key-routes.ts';
import { BreakdownQuery, RangeQuery } from '../analytics/routes.ts';
import { demoForm } from '../forms/demo-form.ts';
import { ExportQuery, ListQuery, Withdrawal } from '../leads/routes.ts';
import { ByEmail } from '../people/routes.ts';
import type { Operation } from './operation.ts';

const form = { id: 'The form id.' };
const lead = { id: 'The lead id, `lead_…`.' };
const definition = { schema: FormDefinition, example: demoForm };
const formAnswer = { description: 'The form at its current version.', schema: FormRecord };

/** The admin operations on forms, analytics, leads, people, keys and notifications. */
export const ADMIN_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/admin/forms',
    tag: 'Forms',
    summary: 'Create a form',
    description:
      'The definition is the form language (docs/forms.md; its JSON Schema at /docs/form-definition.schema.json).',
    body: definition,
    responses: { 201: { description: 'Created at version 1.', schema: FormRecord } },
    errors: [400, 409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/forms',
    tag: 'Forms',
    summary: 'List forms',
    responses: { 200: { description: 'Every form, archived ones too.', schema: FormList } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/v1/admin/forms/{id}',
    tag: 'Forms',
    summary: 'Get a form',
    params: form,
    responses: { 200: formAnswer },
    errors: [400, 404],
  },
  {
    method: 'put',
    path: '/v1/admin/forms/{id}',
    tag: 'Forms',
    summary: 'Change a form (a new version)',
    description: 'Leads keep the version they were filled on. The body may omit `id`, not contradict it.',
    params: form,
    body: definition,
    responses: { 200: { description: 'The new version.', schema: FormRecord } },
    errors: [400, 404, 413, 415, 422],
  },
  {
    method: 'delete',
    path: '/v1/admin/forms/{id}',
    tag: 'Forms',
    summary: 'Archive a form',
    description: 'It takes no more submissions; its leads stay. `POST …/restore` undoes it.',
    params: form,
    responses: { 204: { description: 'Archived.' } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/v1/admin/forms/{id}/restore',
    tag: 'Forms',
    summary: 'Restore an archived form',
    params: form,
    responses: { 200: formAnswer },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/forms/{id}/versions',
    tag: 'Forms',
    summary: "List a form's versions",
    params: form,
    responses: { 200: { description: 'Newest first.', schema: FormVersionList } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/forms/{id}/versions/{version}',
    tag: 'Forms',
    summary: 'Get one version of a form',
    params: { ...form, version: 'The version, from 1.' },
    responses: { 200: { description: 'The form at that version.', schema: FormRecord } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/forms/{id}/refused-origins',
    tag: 'Forms',
    summary: 'Sites the form turned away lately',
    description: 'The last 10 origins refused (submissions and beacons), kept in memory since the start.',
    params: form,
    responses: { 200: { description: 'Most recent first.', schema: RefusedOriginList } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/forms/{id}/blocked',
    tag: 'Forms',
    summary: 'What the bot checks refused',
    params: form,
    query: BlockedQuery,
    responses: { 200: { description: 'Per UTC day and reason.', schema: BlockedReport } },
    errors: [400, 404, 422],
  },
  ...(
    [
      ['funnel', 'The funnel: views, starts, steps, submissions, tiers, refusals', FunnelReport, RangeQuery],
      ['daily', 'The funnel per day', DailyReport, RangeQuery],
      ['breakdown', 'The funnel by source (UTM or referrer)', BreakdownReport, BreakdownQuery],
    ] as const
  ).map(
    ([name, summary, schema, query]): Operation => ({
      method: 'get',
      path: `/v1/admin/analytics/${name}`,
      tag: 'Analytics',
      summary,
      description:
        'Over UTC days, `since` to `until` (both included; the last 30 days by default, at most 366).',
      query,
      responses: { 200: { description: 'The report.', schema } },
      errors: [400, 404, 422],
    }),
  ),
  {
    method: 'get',
    path: '/v1/admin/leads',
    tag: 'Leads',
    summary: 'List leads',
    description: 'Newest first, filtered, a page at a time (`cursor` = the previous page’s `nextCursor`).',
    query: ListQuery,
    responses: { 200: { description: 'A page of leads.', schema: LeadPage } },
    errors: [400, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/leads/export',
    tag: 'Leads',
    summary: 'Export leads',
    description:
      'The same filters as the list, streamed: CSV (a column per field and consent of every version) or NDJSON (a lead per line, as the list shows it).',
    query: ExportQuery,
    responses: {
      200: {
        description: 'The leads, as a download.',
        type: ['text/csv', 'application/x-ndjson'],
        text: 'CSV (the default), or NDJSON with `format=ndjson`.',
      },
    },
    errors: [400, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/leads/{id}',
    tag: 'Leads',
    summary: 'Get a lead',
    params: lead,
    responses: { 200: { description: 'The lead, each consent with its history.', schema: StoredLead } },
    errors: [400, 404],
  },
  {
    method: 'delete',
    path: '/v1/admin/leads/{id}',
    tag: 'Leads',
    summary: 'Erase a lead',
    description: 'Its answers, consents and webhook messages; `lead.erased` goes to subscribers.',
    params: lead,
    responses: { 204: { description: 'Erased.' } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/v1/admin/leads/{id}/consents/{key}/withdraw',
    tag: 'Leads',
    summary: 'Withdraw a consent',
    description:
      'A new consent event; the decision as given stays as proof. `lead.consent_withdrawn` goes to subscribers.',
    params: { ...lead, key: 'The consent key, such as `marketing`.' },
    body: { schema: Withdrawal, example: { source: 'email', note: 'Replied STOP to the newsletter.' } },
    responses: { 201: { description: 'Withdrawn.', schema: ConsentWithdrawal } },
    errors: [400, 404, 409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/leads/{id}/scoring',
    tag: 'Leads',
    summary: "How a lead's score came about",
    params: lead,
    responses: {
      200: { description: 'Worked out again from its answers and form version.', schema: LeadScoring },
    },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/leads/{id}/webhooks',
    tag: 'Leads',
    summary: 'The webhook messages about a lead',
    params: lead,
    responses: { 200: { description: 'Each with its deliveries and attempts.', schema: MessageList } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/admin/people',
    tag: 'People (data-subject requests)',
    summary: "Find a person's leads",
    description: 'By email, matched on its normalised form.',
    query: ByEmail,
    responses: { 200: { description: 'Newest first.', schema: PersonLeads } },
    errors: [400, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/people/export',
    tag: 'People (data-subject requests)',
    summary: 'Export everything held about a person',
    description:
      'One JSON document (an access request’s answer): each lead whole, with its webhook messages.',
    query: ByEmail,
    responses: { 200: { description: 'A download.', schema: SubjectExport } },
    errors: [400, 422],
  },
  {
    method: 'delete',
    path: '/v1/admin/people',
    tag: 'People (data-subject requests)',
    summary: 'Erase everything held about a person',
    description: 'Every lead of the address; each one’s `lead.erased` goes to subscribers.',
    query: ByEmail,
    responses: { 200: { description: 'What was erased.', schema: PersonErasure } },
    errors: [400, 422],
  },
  {
    method: 'get',
    path: '/v1/admin/keys',
    tag: 'Admin keys',
    summary: 'List admin keys',
    description: 'Never a key itself: stored keys are kept hashed.',
    responses: {
      200: { description: 'Every key, `LEADGATE_ADMIN_KEY` first when set.', schema: AdminKeyList },
    },
    errors: [400],
  },
  {
    method: 'post',
    path: '/v1/admin/keys',
    tag: 'Admin keys',
    summary: 'Create an admin key',
    body: { schema: CreateKey, example: { name: 'CI deploys' } },
    responses: { 201: { description: 'The key, in clear this once.', schema: CreatedAdminKey } },
    errors: [400, 413, 415, 422],
  },
  {
    method: 'delete',
    path: '/v1/admin/keys/{id}',
    tag: 'Admin keys',
    summary: 'Revoke an admin key',
    description:
      'Ends the console sessions opened with it. The last key (with no `LEADGATE_ADMIN_KEY`) stays.',
    params: { id: 'The key id (`env` is the one from the environment).' },
    responses: { 204: { description: 'Revoked.' } },
    errors: [400, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/admin/notifications',
    tag: 'Notifications',
    summary: 'Whether email can be sent',
    responses: { 200: { description: 'And if not, why.', schema: NotificationStatus } },
    errors: [400],
  },
];
