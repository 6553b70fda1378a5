/** The one place errors become responses: expected ones in the contract's shape, the rest a logged 500. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
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

/** Hono `onError` handler; `log` receives unexpected errors with the request that caused them. */
export function onError(log: (message: string, error: unknown) => void) {
  return function handleError(err: Error, c: Context): Response {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status, err.headers);
    if (err instanceof HTTPException && err.status < 500) {
      const body: ErrorBody = {
        error: { code: CODE_BY_STATUS[err.status] ?? 'bad_request', message: err.message || 'Bad request.' },
      };
      return c.json(body, err.status);
    }
    log(`${c.req.method} ${c.req.path} failed`, err);
    const body: ErrorBody = {
      error: { code: 'internal_error', message: 'Something went wrong on our side.' },
    };
    return c.json(body, 500);
  };
}
