/**
 * What the admin API answers about forms (`/v1/admin/forms…`), written once as valibot schemas: the
 * server builds to the derived types, the console reads them, the OpenAPI document comes from them.
 */
import * as v from 'valibot';
import { FormDefinition } from './form-definition.ts';

const Time = v.pipe(v.string(), v.isoTimestamp());

/** A form at one version, as `GET /v1/admin/forms` and `/v1/admin/forms/:id(/versions/:v)` give it. */
export const FormRecord = v.object({
  id: v.string(),
  version: v.number(),
  definition: FormDefinition,
  createdAt: Time,
  updatedAt: Time,
  archivedAt: v.pipe(v.nullable(Time), v.description('Set while the form is archived (it takes nothing).')),
});
export type FormRecord = v.InferOutput<typeof FormRecord>;
/** `GET /v1/admin/forms`: live and archived. */
export const FormList = v.object({ data: v.array(FormRecord) });

/** `GET /v1/admin/forms/:id/versions`: every version, newest first. */
export const FormVersionList = v.object({
  data: v.array(v.object({ version: v.number(), createdAt: Time })),
});
export type FormVersionList = v.InferOutput<typeof FormVersionList>;

/** `GET /v1/admin/forms/:id/refused-origins`: the last sites the form turned away (kept in memory). */
export const RefusedOriginList = v.object({
  data: v.array(v.object({ origin: v.string(), count: v.number(), lastRefusedAt: Time })),
});
export type RefusedOriginList = v.InferOutput<typeof RefusedOriginList>;

/** `GET /v1/admin/forms/:id/blocked`: what the bot gates refused, per UTC day and reason, oldest first. */
export const BlockedReport = v.object({
  data: v.array(v.object({ day: v.pipe(v.string(), v.isoDate()), reason: v.string(), count: v.number() })),
  total: v.number(),
});
export type BlockedReport = v.InferOutput<typeof BlockedReport>;
