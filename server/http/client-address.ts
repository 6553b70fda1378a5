/** The visitor's address, for rate limiting: the socket's peer, or what a trusted reverse proxy says. */

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * With `trustProxy`, the last address of `X-Forwarded-For` (RFC 7239 §5.2's legacy form): the one the
 * proxy in front of us appended. Earlier entries come from the client and could be anything.
 */
export function clientAddress({ trustProxy }: { trustProxy: boolean }) {
  return function clientAddress(c: Context): string {
    if (trustProxy) {
      const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (last) return last;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
}
