/** Which pages a form takes submissions (and counts) from. */
import type { FormDefinition } from '../../shared/form-definition.ts';

/**
 * `value` as a browser sends it in `Origin`: scheme and host lowercased, the scheme's default port dropped
 * (`HTTPS://Example.com:443/` → `https://example.com`); undefined when it is not an http(s) origin.
 */
export function normalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `origin` (normalised) is what `entry` allows: `*` any, `https://*.example.com` any subdomain of
 * example.com at any depth (not example.com itself) with that scheme and port, otherwise the same origin.
 */
export function originMatches(entry: string, origin: string): boolean {
  if (entry === '*') return true;
  const allowed = normalOrigin(entry);
  if (!allowed) return false;
  const star = allowed.indexOf('://*.');
  if (star < 0) return allowed === origin;
  const scheme = allowed.slice(0, star + 3);
  // `.example.com` with its port, if any: what a subdomain's origin ends with.
  const parent = allowed.slice(star + 4);
  return (
    origin.startsWith(scheme) && origin.endsWith(parent) && origin.length > scheme.length + parent.length
  );
}

/**
 * Whether a request from `origin` (its `Origin` header) may use the form: no header (not a browser,
 * which an origin list cannot stop anyway), the server's own origin (its demo page), or one the form's
 * `allowedOrigins` lists, compared as browsers send origins (see `originMatches`).
 */
export function acceptsOrigin(
  definition: FormDefinition,
  origin: string | undefined,
  ownOrigin: string,
): boolean {
  if (!origin || origin === ownOrigin) return true;
  const allowed = definition.allowedOrigins ?? [];
  // Every submission asks: an entry written as browsers send it matches without parsing a URL.
  if (allowed.includes(origin) || allowed.includes('*')) return true;
  const normal = normalOrigin(origin);
  return !!normal && allowed.some((entry) => originMatches(entry, normal));
}

/** The origin of a `Referer` header, or undefined (none sent, or not an http(s) URL). */
export const refererOrigin = (referer: string | undefined): string | undefined =>
  referer === undefined ? undefined : normalOrigin(referer);
