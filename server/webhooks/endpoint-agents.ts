/**
 * Keep-alive connections, one pool per endpoint. Every new connection goes through the address guard
 * (`guardedLookup`) when it is made; a pooled one is re-checked by `sendWebhook` when it is reused.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Cidr } from './cidr.ts';
import { guardedLookup } from './send-webhook.ts';

/**
 * Idle connections close after this long: under the 5 s keep-alive timeout of Node's and many other
 * servers, so a subscriber rarely closes a connection just as it is reused (a server's `Keep-Alive:
 * timeout=N` hint shortens it further).
 */
export const IDLE_CONNECTION_IN_MS = 4_000;

type Agent = HttpAgent | HttpsAgent;

/** The pools of the dispatcher's endpoints, made on first use and closed when an endpoint goes. */
export type EndpointAgents = {
  /** The pool for this endpoint's URL; a changed origin retires the old pool first. */
  agentFor(endpointId: string, url: string): Agent | undefined;
  /** Retires the pools of endpoints not in `live` (disabled or deleted) or whose origin changed. */
  retain(live: ReadonlyMap<string, string>): void;
  /** Closes every connection, in use or idle. */
  destroy(): void;
  /** Pools open now, by endpoint id (for tests). */
  readonly size: number;
};

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** Idle connections close now; those in use close when their attempt ends instead of going back. */
function retire(agent: Agent): void {
  agent.on('free', (socket) => socket.destroy());
  for (const sockets of Object.values(agent.freeSockets)) for (const s of sockets ?? []) s.destroy();
}

/**
 * Creates the pools. Each holds at most `perEndpoint` connections (the attempts in flight to one
 * endpoint) and keeps as many idle, for `IDLE_CONNECTION_IN_MS`.
 */
export function createEndpointAgents({
  allow,
  perEndpoint,
}: {
  allow: Cidr[];
  perEndpoint: number;
}): EndpointAgents {
  const pools = new Map<string, { origin: string; agent: Agent }>();
  const options = {
    keepAlive: true,
    maxSockets: perEndpoint,
    maxFreeSockets: perEndpoint,
    timeout: IDLE_CONNECTION_IN_MS,
    // The most recently used connection first, so the ones a quieter endpoint no longer needs idle out.
    scheduling: 'lifo' as const,
    lookup: guardedLookup(allow),
  };

  return {
    agentFor(endpointId, url) {
      const origin = originOf(url);
      if (origin === undefined) return undefined;
      const pool = pools.get(endpointId);
      if (pool?.origin === origin) return pool.agent;
      if (pool) retire(pool.agent);
      const agent = origin.startsWith('https:') ? new HttpsAgent(options) : new HttpAgent(options);
      pools.set(endpointId, { origin, agent });
      return agent;
    },
    retain(live) {
      for (const [id, pool] of pools) {
        const url = live.get(id);
        if (url !== undefined && originOf(url) === pool.origin) continue;
        retire(pool.agent);
        pools.delete(id);
      }
    },
    destroy() {
      for (const pool of pools.values()) pool.agent.destroy();
      pools.clear();
    },
    get size() {
      return pools.size;
    },
  };
}
