import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cidr, parseCidr } from './cidr.ts';
import { createEndpointAgents, type EndpointAgents } from './endpoint-agents.ts';
import { sendWebhook } from './send-webhook.ts';

const loopback = [parseCidr('127.0.0.0/8'), parseCidr('::1/128')] as Cidr[];

/** A receiver that counts the connections it was given, the requests and the connections still open. */
async function receiver() {
  const sockets = new Set<Socket>();
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    connections: () => connections,
    requests: () => requests,
    open: () => sockets.size,
  };
}

const servers: Server[] = [];
const pools: EndpointAgents[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const agents = (perEndpoint = 4) => {
  const a = createEndpointAgents({ allow: loopback, perEndpoint });
  pools.push(a);
  return a;
};

const post = (url: string, pool: EndpointAgents, allow = loopback) =>
  sendWebhook({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"a":1}',
    timeoutMs: 2000,
    allow,
    agent: pool.agentFor('ep_1', url),
  });

const until = async (condition: () => boolean, timeoutInMs = 2000) => {
  const end = Date.now() + timeoutInMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('endpoint agents', () => {
  it('reuse connections: twenty attempts one after another take one connection', async () => {
    const r = await receiver();
    const pool = agents();
    for (let i = 0; i < 20; i++) {
      expect((await post(`http://127.0.0.1:${r.port}/hook`, pool)).statusCode).toBe(204);
    }
    expect(r.requests()).toBe(20);
    expect(r.connections()).toBe(1);
  });

  it('open at most the per-endpoint limit of connections, however many attempts wait', async () => {
    const r = await receiver();
    const pool = agents(3);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => post(`http://127.0.0.1:${r.port}/hook`, pool)),
    );
    expect(results.every((x) => x.statusCode === 204)).toBe(true);
    expect(r.connections()).toBeLessThanOrEqual(3);
  });

  it('close the connections of an endpoint disabled or deleted, and of one whose URL changed', async () => {
    const r = await receiver();
    const other = await receiver();
    const pool = agents();
    await post(`http://127.0.0.1:${r.port}/hook`, pool);
    expect(r.open()).toBe(1);
    // The same endpoint, moved to another origin: its old connections go.
    pool.retain(new Map([['ep_1', `http://127.0.0.1:${other.port}/hook`]]));
    await until(() => r.open() === 0);
    await post(`http://127.0.0.1:${other.port}/hook`, pool);
    expect(other.open()).toBe(1);
    // No longer among the enabled endpoints (disabled or deleted).
    pool.retain(new Map());
    await until(() => other.open() === 0);
    expect(pool.size).toBe(0);
  });

  it('let an attempt in flight finish when its endpoint goes, then close its connection', async () => {
    let release: () => void = () => {};
    const r = await receiver();
    const server = servers[0] as Server;
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      req.resume();
      release = () => res.writeHead(204).end();
    });
    const pool = agents();
    const attempt = post(`http://127.0.0.1:${r.port}/hook`, pool);
    await until(() => r.open() === 1);
    pool.retain(new Map());
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await attempt).statusCode).toBe(204);
    await until(() => r.open() === 0);
  });

  it('never send over a pooled connection to an address no longer allowed', async () => {
    const r = await receiver();
    const pool = agents();
    // A name, not a literal: only the check on the reused connection stands in the way.
    const url = `http://localhost:${r.port}/hook`;
    expect((await post(url, pool)).statusCode).toBe(204);
    expect(r.open()).toBe(1);
    const refused = await post(url, pool, []);
    expect(refused.error).toBe('address_forbidden: 127.0.0.1');
    expect(r.requests()).toBe(1);
    await until(() => r.open() === 0);
  });

  it('make each new connection pass the address guard', async () => {
    const r = await receiver();
    const pool = createEndpointAgents({ allow: [], perEndpoint: 2 });
    pools.push(pool);
    const result = await post(`http://localhost:${r.port}/hook`, pool, loopback);
    expect(result.error).toMatch(/^address_forbidden/);
    expect(r.connections()).toBe(0);
  });

  it('retry once on a new connection when the subscriber closed a kept one meanwhile', async () => {
    // Answers the first request on each connection, then drops the connection at the next one, unanswered.
    let connections = 0;
    let requests = 0;
    const tcp = createTcpServer((socket) => {
      connections++;
      let answered = false;
      socket.on('data', (chunk) => {
        if (!chunk.toString().includes('\r\n\r\n')) return;
        requests++;
        if (answered) return socket.resetAndDestroy();
        answered = true;
        socket.write('HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}/hook`;
      const pool = agents();
      expect((await post(url, pool)).statusCode).toBe(204);
      expect((await post(url, pool)).statusCode).toBe(204);
      expect({ connections, requests }).toEqual({ connections: 2, requests: 3 });
    } finally {
      tcp.close();
    }
  });
});
