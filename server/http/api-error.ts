/** Expected HTTP failures, thrown anywhere in a handler and rendered in the contract's error shape. */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, FieldIssue } from '../../shared/error-body.ts';

export type { ErrorBody } from '../../shared/error-body.ts';

/** An expected failure with a stable snake_case `code` (and, for 422s, the `issues`). */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly issues: FieldIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { issues?: FieldIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(status, { message, cause: options.cause });
    this.code = code;
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }

  /** The JSON body for this error. */
  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.issues) body.error.issues = this.issues;
    return body;
  }
}

/** 422 with the path of each problem. */
export function validationError(
  issues: FieldIssue[],
  message = 'The request did not pass validation.',
): ApiError {
  return new ApiError(422, 'validation_failed', message, { issues });
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} was not found.`);
}
