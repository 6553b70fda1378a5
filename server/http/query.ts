/** Query strings read strictly: a parameter the route does not know is a 400 naming it, never ignored. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { toFieldIssue } from '../../shared/submission.ts';
import { ApiError, validationError } from './api-error.ts';

type QuerySchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/**
 * Parses the request's query with `schema` (an object of string-valued entries). Unknown or repeated
 * parameters are a 400 `unknown_query_parameter` / `repeated_query_parameter`: an ignored filter would
 * silently widen what a request returns. Invalid values are a 422 with the parameter as the path.
 */
export function parseQuery<S extends QuerySchema>(c: Context, schema: S): v.InferOutput<S> {
  const all = c.req.queries();
  const names = Object.keys(all);
  const unknown = names.filter((name) => !(name in schema.entries));
  if (unknown.length > 0) {
    const known = Object.keys(schema.entries);
    throw new ApiError(
      400,
      'unknown_query_parameter',
      `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. ${
        known.length > 0 ? `This route takes: ${known.join(', ')}.` : 'This route takes none.'
      }`,
      {
        issues: unknown.map((name) => ({ path: `query.${name}`, message: 'Not a parameter of this route.' })),
      },
    );
  }
  const repeated = names.filter((name) => (all[name]?.length ?? 0) > 1);
  if (repeated.length > 0) {
    throw new ApiError(400, 'repeated_query_parameter', `Give each parameter once: ${repeated.join(', ')}.`, {
      issues: repeated.map((name) => ({ path: `query.${name}`, message: 'Given more than once.' })),
    });
  }
  const result = v.safeParse(schema, c.req.query());
  if (!result.success) throw validationError(result.issues.map(toFieldIssue), 'The query is invalid.');
  return result.output;
}

/** For routes that take no query parameters at all. */
export const NoQuery = v.object({});

/** Middleware for routes that take no query parameters: any one is a 400 naming it. */
export const noQuery = createMiddleware(async function noQuery(c, next) {
  parseQuery(c, NoQuery);
  await next();
});
