/**
 * One documented operation of the HTTP API, as the tables (`*-operations.ts`) write it: the same valibot
 * schemas the routes validate with and build their answers to, plus the words a reader needs.
 */
import type * as v from 'valibot';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One answer of an operation: its schema (JSON unless `type` says otherwise), or none (204). */
export type Reply = {
  description: string;
  schema?: v.GenericSchema;
  /** The media type(s), when not `application/json`. */
  type?: string | string[];
  /** What the body is when it is not JSON (a CSV, a script): described, not schematised. */
  text?: string;
  example?: unknown;
  headers?: Record<string, string>;
};

export type Operation = {
  method: Method;
  /** The path as OpenAPI writes it: `/v1/forms/{formId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it: anyone, or the admin key / a console session (the default under /v1/admin). */
  access?: 'public' | 'admin';
  /** Each path parameter's meaning. */
  params?: Record<string, string>;
  /** The query parameters (a valibot object, as `parseQuery` reads it); others are a 400. */
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  /** The request body: its schema, JSON unless `type` says otherwise. */
  body?: { schema: v.GenericSchema; type?: string; description?: string; example?: unknown };
  /** Whether it honours `Idempotency-Key`. */
  idempotent?: boolean;
  responses: Record<number, Reply>;
  /**
   * The failures answered in the error shape, by status (401 is added to every admin operation, and 403,
   * the CSRF check of a session, to every admin operation that changes something).
   */
  errors?: number[];
};
