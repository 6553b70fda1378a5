/** One log line per request: method, path, status and time, through hono-pino. */
import type { Context } from 'hono';
import { pinoLogger } from 'hono-pino';
import type { Logger } from './logger.ts';

const NOT_PRINTABLE_ASCII = /[^\u0021-\u007e]/gu;

/**
 * The request's path as it was sent, percent-encoded, for a log line. Not `c.req.path`: Hono decodes it,
 * and a decoded `%0A` would start a forged line. The query string is left out: it may carry an email
 * (`?email=`) or other personal data.
 */
export function logPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.slice(start).search(/[?#]/);
  const path = end < 0 ? url.slice(start) : url.slice(start, start + end);
  return path.replace(NOT_PRINTABLE_ASCII, (ch) =>
    [...Buffer.from(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** The request-log middleware: `info` per request (`debug` for a healthy `/healthz`), `error` for a 5xx. */
export function requestLog(logger: Logger) {
  return pinoLogger({
    pino: logger,
    http: {
      reqId: false,
      onReqBindings: (c: Context) => ({ method: c.req.method, path: logPath(c.req.url) }),
      onResBindings: (c: Context) => ({ status: c.res.status }),
      onResLevel: (c: Context) =>
        c.res.status >= 500 ? 'error' : c.res.status === 200 && c.req.path === '/healthz' ? 'debug' : 'info',
      onResMessage: () => 'request',
    },
  });
}
