/** The one place errors become responses: expected ones in the contract's shape, the rest a logged 500. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../log/logger.ts';
import { logPath } from '../log/request-log.ts';
import { ApiError, type ErrorBody } from './api-error.ts';

// Hono's own middleware (bodyLimit, …) throws plain HTTPExceptions; give their statuses our codes.
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
};

/**
 * A client that closed its connection mid-body: Node's request stream fails with `aborted` (ECONNRESET)
 * and @hono/node-server aborts the request's signal. Nobody is left to answer; it is no fault of ours.
 */
function isClientAbort(err: Error, c: Context): boolean {
  return (
    c.req.raw.signal?.aborted ||
    ((err as NodeJS.ErrnoException).code === 'ECONNRESET' && err.message === 'aborted')
  );
}

/** Hono `onError` handler; `logger` receives unexpected errors with the request that caused them. */
export function onError(logger: Logger) {
  return function handleError(err: Error, c: Context): Response {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status, err.headers);
    if (err instanceof HTTPException && err.status < 500) {
      const body: ErrorBody = {
        error: { code: CODE_BY_STATUS[err.status] ?? 'bad_request', message: err.message || 'Bad request.' },
      };
      return c.json(body, err.status);
    }
    const request = { method: c.req.method, path: logPath(c.req.url) };
    if (isClientAbort(err, c)) {
      logger.info(request, 'request aborted by client');
      const body: ErrorBody = {
        error: { code: 'request_aborted', message: 'The client closed the request.' },
      };
      return c.json(body, 400);
    }
    logger.error({ ...request, err }, 'request failed');
    const body: ErrorBody = {
      error: { code: 'internal_error', message: 'Something went wrong on our side.' },
    };
    return c.json(body, 500);
  };
}
