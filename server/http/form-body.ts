/** Middleware that admits only small `application/x-www-form-urlencoded` bodies, as `navigator.sendBeacon` sends. */
import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error.ts';
import { readText } from './json-body.ts';

/** `form`: the body's pairs, each name once. */
export type FormBodyEnv = { Variables: { form: Record<string, string> } };

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * Rejects other types (415), bodies past `maxSizeInBytes` (413) and names given twice (400), and hands
 * the handler the pairs as an object.
 */
export function formBody({ maxSizeInBytes }: { maxSizeInBytes: number }) {
  const tooLarge = () =>
    new ApiError(413, 'payload_too_large', `The body must be at most ${maxSizeInBytes} bytes.`);
  return createMiddleware<FormBodyEnv>(async function formBody(c, next) {
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the body with Content-Type: application/x-www-form-urlencoded.',
      );
    }
    // No prototype: a field named `constructor` or `__proto__` is a field like any other.
    const form: Record<string, string> = Object.create(null);
    for (const [name, value] of new URLSearchParams(await readText(c, maxSizeInBytes, tooLarge))) {
      if (name in form) {
        throw new ApiError(400, 'repeated_field', `Give each field once: ${name}.`, {
          issues: [{ path: name, message: 'Given more than once.' }],
        });
      }
      form[name] = value;
    }
    c.set('form', form);
    await next();
  });
}
