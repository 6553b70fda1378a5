/** Middleware that admits only JSON bodies within a size limit and hands the parsed value to the handler. */

import { bodyLimit } from 'hono/body-limit';
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
 * Rejects non-JSON (415), oversized (413, counted while reading, not from Content-Length), malformed and
 * too deeply nested (400) bodies: the depth is checked before any code walks the value recursively.
 */
export function jsonBody({ maxSizeInBytes }: { maxSizeInBytes: number }) {
  const limit = bodyLimit({
    maxSize: maxSizeInBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The body must be at most ${maxSizeInBytes} bytes.`);
    },
  });
  return createMiddleware<JsonBodyEnv>(async function jsonBody(c, next) {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the body as JSON with Content-Type: application/json.',
      );
    }
    await limit(c, async () => {
      const text = await c.req.text();
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
  });
}
