/** Security headers: `nosniff` on every response, and a strict policy on the HTML pages we serve. */
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

// Hono's defaults, each turned off unless named: the API and /widget.js are fetched cross-origin by design.
const NONE = {
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/**
 * For every response, JSON and errors included: `X-Content-Type-Options: nosniff`, so no browser reads a
 * JSON body (which may echo what a client sent) as a script or a page. One header, set directly: every
 * request runs this, and `secureHeaders` walks its options and deletes `X-Powered-By` (never set here) too.
 */
export const noSniff: MiddlewareHandler = async function noSniff(c, next) {
  await next();
  c.res.headers.set('x-content-type-options', 'nosniff');
};

/**
 * For HTML pages: a CSP that allows scripts and requests only from this server (its own origin and its
 * public URL, which differ behind a proxy), no inline script, inline styles only by hash, and no framing
 * (`frame-ancestors 'none'`, with `X-Frame-Options: DENY` for browsers older than CSP 2). The widget
 * styles itself with constructable stylesheets and the CSSOM, which `style-src` does not restrict.
 * No HSTS: whether the server is reached over HTTPS is its operator's proxy's decision.
 */
export function pageHeaders({
  publicUrl,
  styleSources,
}: {
  publicUrl: () => string;
  styleSources: string[];
}) {
  const server = (_c: Context) => new URL(publicUrl()).origin;
  return secureHeaders({
    ...NONE,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'", server],
      connectSrc: ["'self'", server],
      styleSrc: ["'self'", ...styleSources],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    xContentTypeOptions: true,
    xFrameOptions: 'DENY',
    // Links leaving the page carry the origin only, never a path with its campaign parameters.
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginOpenerPolicy: true,
    crossOriginResourcePolicy: true,
  });
}
