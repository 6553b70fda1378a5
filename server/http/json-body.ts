/** Middleware that admits only JSON bodies within a size limit and hands the parsed value to the handler. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error.ts';
import { nestsDeeperThan } from './json-depth.ts';

/** `body`: the parsed value; `bodyText`: the body as sent. */
export type JsonBodyEnv = { Variables: { body: unknown; bodyText: string } };

/** Deeper than any body we take: a form definition with conditions nested to their limit reaches ~20. */
export const MAX_JSON_DEPTH = 32;

// `application/json`, or any `+json` type (RFC 6839), with parameters such as charset.
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Rejects non-JSON (415), oversized (413: counted while reading, or from a Content-Length that Node's
 * parser holds the body to), malformed and too deeply nested (400) bodies: the depth is checked before
 * any code walks the value recursively.
 */
export function jsonBody({ maxSizeInBytes }: { maxSizeInBytes: number }) {
  const tooLarge = () =>
    new ApiError(413, 'payload_too_large', `The body must be at most ${maxSizeInBytes} bytes.`);
  return createMiddleware<JsonBodyEnv>(async function jsonBody(c, next) {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the body as JSON with Content-Type: application/json.',
      );
    }
    const text = await readText(c, maxSizeInBytes, tooLarge);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'malformed_json', 'The body is not valid JSON.');
    }
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      throw new ApiError(
        400,
        'json_too_deep',
        `The body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
      );
    }
    c.set('body', body);
    c.set('bodyText', text);
    await next();
  });
}

/**
 * The body as text, refused past `maxSize` bytes. Through Node (@hono/node-server gives the incoming
 * message) with a Content-Length and no Transfer-Encoding, Node's parser delivers exactly that many bytes
 * (RFC 9112 §6.3), so the length is the count, and the bytes are read from the socket with no web Request
 * or stream built. Otherwise (chunked, or a web Request) the bytes are counted as they are read.
 */
export async function readText(c: Context, maxSize: number, tooLarge: () => Error): Promise<string> {
  const length = c.req.header('content-length');
  if (isNodeRequest(c.env) && length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (Number(length) > maxSize) throw tooLarge();
    return c.req.text();
  }
  const stream = c.req.raw.body;
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxSize) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  // As Request.text() decodes: UTF-8, a leading BOM dropped.
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

// @hono/node-server passes `{ incoming, outgoing }` as the environment; `app.request` passes none.
function isNodeRequest(env: unknown): boolean {
  return typeof env === 'object' && env !== null && 'incoming' in env;
}
