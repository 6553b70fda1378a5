/**
 * One webhook attempt over node:http(s): no redirects followed, one timeout for the whole attempt, and the
 * destination address checked when the connection is made, so a DNS answer cannot swap in a private one.
 * Over a keep-alive pool (endpoint-agents.ts) a reused connection's address is checked again.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { isForbiddenAddress } from './address-guard.ts';
import type { Cidr } from './cidr.ts';

/** What came of one attempt. Absent `statusCode` means no HTTP response arrived (see `error`). */
export type SendResult = {
  statusCode?: number;
  /** Delivered without an HTTP status: an email the SMTP server accepted. */
  accepted?: boolean;
  body: string;
  latencyMs: number;
  retryAfterMs?: number;
  error?: string;
};

export type SendOptions = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allow: Cidr[];
  /** A keep-alive pool whose connections are guarded as they are made; none = a fresh connection. */
  agent?: Agent | undefined;
};

const MAX_RESPONSE_BODY_IN_BYTES = 4096;
const USER_AGENT = 'Leadgate-Webhooks/1.0';
// What a write to a connection the other side has closed fails with.
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

class ForbiddenAddressError extends Error {
  override name = 'ForbiddenAddressError';
}

/** A `lookup` for net.connect that resolves every address and refuses the host if any is forbidden. */
export function guardedLookup(allow: Cidr[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => isForbiddenAddress(a.address, allow));
      if (bad) return callback(new ForbiddenAddressError(`address_forbidden: ${bad.address}`), '', 0);
      // Node 20 asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily), else for one.
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Sends one POST; never rejects. */
export function sendWebhook(options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      return finish({ body: '', error: 'invalid_url' });
    }
    // Node connects to IP literals without calling lookup, so judge them here.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) && isForbiddenAddress(host, options.allow)) {
      return finish({ body: '', error: `address_forbidden: ${host}` });
    }
    const request =
      url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
    if (!request) return finish({ body: '', error: 'unsupported_protocol' });

    const body = Buffer.from(options.body);
    let current: ReturnType<typeof request> | undefined;
    // One attempt may take two requests: a pooled connection the subscriber closed while it was idle
    // fails before any response, and Node's documentation says to retry such a request on a new one.
    const post = (mayRetry: boolean) => {
      const req = request(url, {
        method: 'POST',
        headers: { 'user-agent': USER_AGENT, ...options.headers, 'content-length': String(body.length) },
        // Each new connection resolves and checks its address as it is made (the pool's agent does the same).
        lookup: guardedLookup(options.allow),
        agent: options.agent ?? false,
      });
      current = req;
      let responded = false;
      // Emitted before the request is written: a reused connection is checked again before it carries one.
      req.once('socket', (socket: Socket) => {
        if (!req.reusedSocket) return;
        const address = socket.remoteAddress;
        if (address !== undefined && !isForbiddenAddress(address, options.allow)) return;
        finish({ body: '', error: `address_forbidden: ${address ?? 'unknown'}` });
        socket.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (mayRetry && !settled && !responded && req.reusedSocket && STALE_CONNECTION.has(err.code ?? '')) {
          return post(false);
        }
        const error =
          err instanceof ForbiddenAddressError ? err.message : (err.code ?? err.message).toLowerCase();
        finish({ body: '', error });
      });
      req.on('response', (res: IncomingMessage) => {
        responded = true;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
          finish({
            statusCode: res.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_IN_BYTES).toString('utf8'),
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough is kept for the delivery log; the rest of a large response is not worth waiting for
          // (nor its connection worth keeping).
          if (size >= MAX_RESPONSE_BODY_IN_BYTES) {
            done();
            res.destroy();
          }
        });
        // Read to the end, the connection goes back to its pool.
        res.on('end', done);
        res.on('error', done);
      });
      req.end(body);
    };
    timer = setTimeout(() => {
      finish({ body: '', error: 'timeout' });
      current?.destroy();
    }, options.timeoutMs);
    post(options.agent !== undefined);
  });
}
