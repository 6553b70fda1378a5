/** A value checked against a valibot schema, or a 422 naming the path of each problem. */
import * as v from 'valibot';
import { toFieldIssue } from '../../shared/submission.ts';
import { validationError } from './api-error.ts';

/** The schema's output for `value`; throws a 422 `validation_failed` with dot paths otherwise. */
export function validate<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw validationError(result.issues.map(toFieldIssue));
  return result.output;
}
