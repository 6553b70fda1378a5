import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from '../config.ts';
import { silentLogger } from '../log/logger.ts';
import { type Db, openDb, writeTx } from '../storage/db.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../storage/schema.ts';
import { type Cidr, parseCidr } from './cidr.ts';
import { claimDue, sqliteOutbox } from './delivery-store.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import { createEndpoint, deleteEndpoint, updateEndpoint } from './endpoint-store.ts';
import { judgeAttempt } from './judge-attempt.ts';
import { enqueueEvent } from './outbox.ts';
import type { SendResult, sendWebhook } from './send-webhook.ts';

const config: WebhookConfig = { ...DEFAULT_WEBHOOK_CONFIG, pollIntervalInMs: 5 };
type Call = Parameters<typeof sendWebhook>[0];

function setup() {
  const db = openDb(':memory:');
  const endpoint = createEndpoint(db, { url: 'https://crm.example/hook', events: ['lead.created'] });
  const clock = { now: Date.now() };
  const calls: Call[] = [];
  const results: SendResult[] = [];
  const send = async (call: Call): Promise<SendResult> => {
    calls.push(call);
    return results.shift() ?? { statusCode: 200, body: 'ok', latencyMs: 3 };
  };
  const enqueue = () =>
    writeTx(db, (tx) =>
      enqueueEvent(
        tx,
        {
          type: 'lead.created',
          timestamp: new Date(clock.now).toISOString(),
          data: { id: 'lead_1' } as never,
        },
        clock.now,
      ),
    );
  const dispatcher = (d: Db = db) =>
    createDispatcher({
      outbox: sqliteOutbox(d),
      config,
      allow: [],
      logger: silentLogger,
      send,
      now: () => clock.now,
      random: () => 0.5,
    });
  return { db, endpoint, clock, calls, results, enqueue, dispatcher };
}

const until = async (condition: () => boolean, timeoutInMs = 2000) => {
  const end = Date.now() + timeoutInMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let running: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(running.map((d) => d.stop(100)));
  running = [];
});
const start = (d: Dispatcher) => {
  running.push(d);
  d.start();
  return d;
};

describe('dispatcher', () => {
  it('delivers a queued message signed per Standard Webhooks and records the attempt', async () => {
    const s = setup();
    const { messageId } = s.enqueue();
    start(s.dispatcher());
    await until(() => s.db.select().from(webhookAttempts).all().length === 1);
    const [call] = s.calls;
    expect(call?.url).toBe('https://crm.example/hook');
    expect(call?.headers['webhook-id']).toBe(messageId);
    expect(new Webhook(s.endpoint.secret).verify(call?.body ?? '', call?.headers ?? {})).toMatchObject({
      type: 'lead.created',
    });
    expect(s.db.select().from(webhookDeliveries).all()[0]).toMatchObject({
      status: 'delivered',
      attemptCount: 1,
    });
  });

  it('retries a failure with the same webhook-id and a fresh timestamp and signature', async () => {
    const s = setup();
    s.results.push({ statusCode: 500, body: 'boom', latencyMs: 2 });
    s.enqueue();
    start(s.dispatcher());
    await until(() => s.calls.length === 1);
    await until(() => s.db.select().from(webhookDeliveries).all()[0]?.attemptCount === 1);
    const pending = s.db.select().from(webhookDeliveries).all()[0];
    expect(pending).toMatchObject({ status: 'pending', lastError: 'HTTP 500' });
    expect(pending?.nextAttemptAt).toBe(s.clock.now + 5000); // random 0.5 = no jitter
    s.clock.now += 5000;
    await until(() => s.calls.length === 2);
    const [first, second] = s.calls;
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(Number(second?.headers['webhook-timestamp'])).toBe(
      Number(first?.headers['webhook-timestamp']) + 5,
    );
    expect(second?.headers['webhook-signature']).not.toBe(first?.headers['webhook-signature']);
  });

  it('delivers what a previous process left queued or in flight (crash recovery)', async () => {
    const s = setup();
    s.enqueue();
    s.enqueue();
    // A process that leased both deliveries and died before recording anything.
    expect(claimDue(s.db, s.clock.now, 10, 30_000)).toHaveLength(2);
    // The next process owns the file alone: it frees the dead one's leases at start, rather than waiting
    // out their 30 s (the clock does not move here).
    start(s.dispatcher());
    await until(() => s.calls.length === 2);
    await until(() =>
      s.db
        .select()
        .from(webhookDeliveries)
        .all()
        .every((d) => d.status === 'delivered'),
    );
  });

  it('disables an endpoint that answers 410 Gone', async () => {
    const s = setup();
    s.results.push({ statusCode: 410, body: '', latencyMs: 1 });
    s.enqueue();
    start(s.dispatcher());
    await until(() => s.db.select().from(webhookDeliveries).all()[0]?.status === 'failed');
    expect(
      s.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, s.endpoint.id)).all()[0]?.enabled,
    ).toBe(false);
  });
});

describe('judgeAttempt', () => {
  const opts = { config, now: 0, random: () => 1 };
  it('follows the schedule with jitter and gives up after the last retry', () => {
    expect(judgeAttempt({ statusCode: 204, body: '', latencyMs: 1 }, 1, opts)).toEqual({
      status: 'delivered',
    });
    expect(judgeAttempt({ body: '', latencyMs: 1, error: 'timeout' }, 1, opts)).toEqual({
      status: 'pending',
      nextAttemptAt: 5500,
    });
    expect(judgeAttempt({ statusCode: 500, body: '', latencyMs: 1 }, 2, opts)).toEqual({
      status: 'pending',
      nextAttemptAt: 330_000,
    });
    expect(judgeAttempt({ statusCode: 500, body: '', latencyMs: 1 }, 8, opts)).toEqual({
      status: 'failed',
      disableEndpoint: false,
    });
  });

  it('treats redirects as failures and honours Retry-After on 429 and 503 only', () => {
    expect(judgeAttempt({ statusCode: 301, body: '', latencyMs: 1 }, 1, opts).status).toBe('pending');
    const slow = { body: '', latencyMs: 1, retryAfterMs: 60_000 };
    expect(judgeAttempt({ ...slow, statusCode: 429 }, 1, opts)).toEqual({
      status: 'pending',
      nextAttemptAt: 60_000,
    });
    expect(judgeAttempt({ ...slow, statusCode: 503 }, 1, opts)).toEqual({
      status: 'pending',
      nextAttemptAt: 60_000,
    });
    expect(judgeAttempt({ ...slow, statusCode: 500 }, 1, opts)).toEqual({
      status: 'pending',
      nextAttemptAt: 5500,
    });
  });
});

describe('dispatcher isolation and endpoint health', () => {
  it('sends the subscriber its custom headers, never letting them replace the signature', async () => {
    const s = setup();
    s.db
      .update(webhookEndpoints)
      .set({ headers: { 'x-api-key': 'k1', 'webhook-signature': 'v1,forged' } })
      .run();
    s.enqueue();
    start(s.dispatcher());
    await until(() => s.calls.length === 1);
    expect(s.calls[0]?.headers['x-api-key']).toBe('k1');
    expect(
      new Webhook(s.endpoint.secret).verify(s.calls[0]?.body ?? '', s.calls[0]?.headers ?? {}),
    ).toBeTruthy();
  });

  it('keeps a slow endpoint to its own few connections while another endpoint is served at once', async () => {
    const s = setup();
    const fast = createEndpoint(s.db, { url: 'https://fast.example/hook', events: ['lead.created'] });
    const releases: (() => void)[] = [];
    const seen: string[] = [];
    const send = (call: Call): Promise<SendResult> => {
      seen.push(call.url);
      if (call.url.includes('fast')) return Promise.resolve({ statusCode: 200, body: '', latencyMs: 1 });
      return new Promise((resolve) =>
        releases.push(() => resolve({ statusCode: 200, body: '', latencyMs: 1 })),
      );
    };
    for (let i = 0; i < 20; i++) s.enqueue();
    const d = createDispatcher({
      outbox: sqliteOutbox(s.db),
      config,
      allow: [],
      logger: silentLogger,
      send,
      now: () => s.clock.now,
    });
    start(d);
    await until(() => seen.filter((u) => u.includes('fast')).length === 20);
    // The slow endpoint holds at most maxInFlightPerEndpoint attempts, however much it is owed.
    expect(seen.filter((u) => u.includes('crm')).length).toBe(config.maxInFlightPerEndpoint);
    for (const release of releases.splice(0)) release();
    await until(() => seen.filter((u) => u.includes('crm')).length > config.maxInFlightPerEndpoint);
    expect(fast.id).toMatch(/^ep_/);
    for (;;) {
      for (const release of releases.splice(0)) release();
      if (seen.filter((u) => u.includes('crm')).length === 20) break;
      await new Promise((r) => setTimeout(r, 5));
    }
  });

  it('opens the circuit after a failure, so new messages wait instead of hammering a failing endpoint', async () => {
    const s = setup();
    s.results.push({ body: '', latencyMs: 1, error: 'econnrefused' });
    s.enqueue();
    start(s.dispatcher());
    await until(() => s.db.select().from(webhookEndpoints).all()[0]?.consecutiveFailures === 1);
    s.enqueue();
    await new Promise((r) => setTimeout(r, 60));
    expect(s.calls).toHaveLength(1);
    s.clock.now += 1000; // the circuit's first pause
    await until(() => s.calls.length === 2);
    await until(() => s.db.select().from(webhookEndpoints).all()[0]?.consecutiveFailures === 0);
  });

  it('disables an endpoint that has failed for five days and tells the other endpoints', async () => {
    const s = setup();
    const watcher = createEndpoint(s.db, { url: 'https://ops.example/hook', events: ['endpoint.disabled'] });
    const fiveDaysAgo = s.clock.now - config.disableAfterInMs;
    s.db
      .update(webhookEndpoints)
      .set({ failingSince: fiveDaysAgo })
      .where(eq(webhookEndpoints.id, s.endpoint.id))
      .run();
    s.results.push({ statusCode: 500, body: '', latencyMs: 1 });
    s.enqueue();
    start(s.dispatcher());
    await until(() => s.calls.some((c) => c.url === 'https://ops.example/hook'));
    const disabled = s.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, s.endpoint.id))
      .all()[0];
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const notice = s.calls.find((c) => c.url === 'https://ops.example/hook');
    expect(JSON.parse(notice?.body ?? '')).toMatchObject({
      type: 'endpoint.disabled',
      data: { endpointId: s.endpoint.id, reason: 'failing', url: 'https://crm.example/hook' },
    });
    expect(watcher.enabled).toBe(true);
  });
});

describe('dispatcher connections', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('reuses connections to an endpoint and closes them when it is disabled or deleted', async () => {
    const open = new Set<Socket>();
    let connections = 0;
    let requests = 0;
    server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    server.on('connection', (socket: Socket) => {
      connections++;
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const db = openDb(':memory:');
    const endpoint = createEndpoint(db, { url, events: ['lead.created'] });
    const enqueue = () =>
      writeTx(db, (tx) =>
        enqueueEvent(
          tx,
          { type: 'lead.created', timestamp: '', data: { id: 'lead_1' } as never },
          Date.now(),
        ),
      );
    const delivered = () =>
      db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'delivered')).all().length;
    const d = start(
      createDispatcher({
        outbox: sqliteOutbox(db),
        config,
        allow: [parseCidr('127.0.0.0/8') as Cidr],
        logger: silentLogger,
      }),
    );
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 4; i++) enqueue();
      d.wake();
      // Recorded, so their connections are back in the pool before the next round goes out.
      await until(() => delivered() === (round + 1) * 4);
    }
    // Twenty attempts, four at a time, over at most the four connections the first round opened.
    expect(connections).toBeLessThanOrEqual(4);
    expect(open.size).toBeGreaterThan(0);
    updateEndpoint(db, endpoint.id, { enabled: false });
    await until(() => open.size === 0);

    updateEndpoint(db, endpoint.id, { enabled: true });
    enqueue();
    d.wake();
    await until(() => requests === 21 && open.size === 1);
    deleteEndpoint(db, endpoint.id);
    await until(() => open.size === 0);
  });
});
