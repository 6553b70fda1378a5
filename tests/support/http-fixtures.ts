/** Small loopback HTTP servers for tests: a host site on its own origin and a webhook receiver. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fixture = { url: string; port: number; close(): Promise<void> };

async function listen(server: Server, port = 0): Promise<Fixture> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `html` at every path, with optional extra response headers (a CSP, say). */
export function hostSite(html: string, headers: Record<string, string> = {}): Promise<Fixture> {
  return listen(
    createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(html);
    }),
  );
}

export type ReceivedWebhook = { headers: IncomingHttpHeaders; body: string; at: number };

/**
 * A webhook receiver that records every request and answers with `status()` (200 by default), and with
 * the request's body when `echo` is set (as CRMs that return the record they made do). A request is
 * recorded when it is answered.
 */
export async function webhookReceiver(
  options: {
    port?: number;
    status?: () => number;
    headers?: Record<string, string>;
    delayInMs?: number;
    echo?: boolean;
    /** Holds the answer to the request that came after `arrived` others until the promise settles. */
    gate?: (arrived: number) => Promise<unknown> | undefined;
  } = {},
) {
  const received: ReceivedWebhook[] = [];
  let arrived = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const gate = options.gate?.(arrived++);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      await gate;
      const answer = () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ headers: req.headers, body, at: Date.now() });
        res.writeHead(options.status?.() ?? 200, options.headers).end(options.echo ? body : 'ok');
      };
      if (options.delayInMs) setTimeout(answer, options.delayInMs);
      else answer();
    });
  });
  const fixture = await listen(server, options.port);
  return { ...fixture, received };
}

/** Polls `condition` until it holds, or fails after `timeoutInMs`. */
export async function eventually<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutInMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutInMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutInMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
