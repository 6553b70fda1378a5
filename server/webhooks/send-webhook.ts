/**
 * One webhook attempt over node:http(s): no redirects followed, one timeout for the whole attempt, and the
 * destination address checked when the connection is made, so a DNS answer cannot swap in a private one.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isForbiddenAddress } from './address-guard.ts';
import type { Cidr } from './cidr.ts';

/** What came of one attempt. Absent `statusCode` means no HTTP response arrived (see `error`). */
export type SendResult = {
  statusCode?: number;
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
};

const MAX_RESPONSE_BODY_IN_BYTES = 4096;
const USER_AGENT = 'Leadgate-Webhooks/1.0';

class ForbiddenAddressError extends Error {
  override name = 'ForbiddenAddressError';
}

/** A `lookup` for net.connect that resolves every address and refuses the host if any is forbidden. */
function guardedLookup(allow: Cidr[]): LookupFunction {
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
    const req = request(url, {
      method: 'POST',
      headers: { 'user-agent': USER_AGENT, ...options.headers, 'content-length': String(body.length) },
      lookup: guardedLookup(options.allow),
      // A fresh connection per attempt: a pooled socket would skip the address check.
      agent: false,
    });
    timer = setTimeout(() => {
      finish({ body: '', error: 'timeout' });
      req.destroy();
    }, options.timeoutMs);

    req.on('error', (err: NodeJS.ErrnoException) => {
      const error =
        err instanceof ForbiddenAddressError ? err.message : (err.code ?? err.message).toLowerCase();
      finish({ body: '', error });
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        finish({
          statusCode: res.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_IN_BYTES).toString('utf8'),
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough is kept for the delivery log; the rest of a large response is not worth waiting for.
        if (size >= MAX_RESPONSE_BODY_IN_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(body);
  });
}
