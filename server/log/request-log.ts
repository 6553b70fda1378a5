/** One log line per request: method, path, status and time. */
import type { MiddlewareHandler } from 'hono';
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

/**
 * The request-log middleware: `info` per request (`debug` for a healthy `/healthz`), `error` for a 5xx. Not
 * hono-pino: it made two child loggers and merged bindings for every request, whether or not the line was
 * written; this builds the line only when its level is on.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const level = status >= 500 ? 'error' : status === 200 && c.req.path === '/healthz' ? 'debug' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const responseTime = Math.round(performance.now() - started);
    logger[level]({ method: c.req.method, path: logPath(c.req.url), status, responseTime }, 'request');
  };
}
