/**
 * Answers what Node's HTTP parser refuses before any route sees it (a raw non-ASCII byte in the path, a
 * malformed request line, headers over 16 KB) in the contract's error shape, as JSON, instead of Node's
 * bare status line.
 */
import type { Duplex } from 'node:stream';
import type { Logger } from '../log/logger.ts';
import type { ErrorBody } from './api-error.ts';

type Refusal = { status: number; reason: string; code: string; message: string };

const BAD_REQUEST: Refusal = {
  status: 400,
  reason: 'Bad Request',
  code: 'bad_request',
  message: 'The request is not valid HTTP/1.1.',
};

// Node's own choices (lib/_http_server.js), with the contract's codes.
const REFUSALS: Record<string, Refusal> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'request_header_fields_too_large',
    message: 'The request headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request_timeout',
    message: 'The request took too long to arrive.',
  },
};

/** The node http server's `clientError` listener; the connection is closed after the answer. */
export function answerClientError(logger: Logger) {
  return function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    // A response already under way on this connection cannot be followed by another (Node checks the same).
    const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = (err.code && REFUSALS[err.code]) || BAD_REQUEST;
    logger.info(
      { status: refusal.status, reason: err.code ?? err.message },
      'request refused by the HTTP parser',
    );
    const body: ErrorBody = { error: { code: refusal.code, message: refusal.message } };
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
        'content-type: application/json\r\n' +
        `content-length: ${Buffer.byteLength(json)}\r\n` +
        'x-content-type-options: nosniff\r\n' +
        'connection: close\r\n\r\n' +
        json,
    );
  };
}
