/** Where a browser reached us: the scheme and host of a request, as it saw them, behind a proxy too. */
import type { Context } from 'hono';

export type OriginOptions = {
  /** Behind a reverse proxy that sets `X-Forwarded-Proto`: believe it. */
  trustProxy: boolean;
  /** The URL this server is reached at, once known. */
  publicUrl: () => string;
};

/**
 * The origin of this request as the browser addressed it: the `Host` it sent with the scheme the
 * connection had, or with the first `X-Forwarded-Proto` when a trusted proxy terminated TLS.
 */
export function requestOrigin(c: Context, { trustProxy }: Pick<OriginOptions, 'trustProxy'>): string {
  const url = new URL(c.req.url);
  const forwarded = trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : url.protocol.slice(0, -1);
  return `${scheme}://${url.host}`;
}

/** The origins a page of this server may have: this request's, and the public URL's (behind a proxy). */
export function ownOrigins(c: Context, options: OriginOptions): string[] {
  const origins = [requestOrigin(c, options)];
  try {
    origins.push(new URL(options.publicUrl()).origin);
  } catch {
    // No public URL yet (before listening): the request's own origin is all there is.
  }
  return origins;
}

/**
 * Whether the browser reached us over HTTPS: directly, through a trusted proxy that says so, or at the
 * public URL's host when that URL is https (a proxy that passes `Host` on).
 */
export function isHttps(c: Context, options: OriginOptions): boolean {
  const origin = requestOrigin(c, options);
  if (origin.startsWith('https:')) return true;
  try {
    const pub = new URL(options.publicUrl());
    return pub.protocol === 'https:' && pub.host === new URL(origin).host;
  } catch {
    return false;
  }
}
