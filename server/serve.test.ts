/** The server as started in-process: what it logs over a session, and what it answers on a raw socket. */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually, webhookReceiver } from '../tests/support/http-fixtures.ts';
import { demoSubmission } from '../tests/support/test-app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log/logger.ts';
import { type Server, StartError, startServer } from './serve.ts';

const ADMIN_KEY = 'serve-test-admin-key-0001';
const dir = mkdtempSync(join(tmpdir(), 'leadgate-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts a server on a fresh database, its log lines (JSON) collected in `lines`. */
async function start(env: Record<string, string> = {}) {
  await server?.close();
  const lines: string[] = [];
  const printed: string[] = [];
  const config = loadConfig({
    LEADGATE_PORT: '0',
    LEADGATE_DB: join(mkdtempSync(join(dir, 'db-')), 'leadgate.db'),
    LEADGATE_ADMIN_KEY: ADMIN_KEY,
    LEADGATE_RATE_LIMIT: '0',
    // Plain scripted submissions, as a load test sends them: the bot gates are the lead's tests' concern.
    LEADGATE_ABUSE_CHECKS: 'off',
    ...env,
  });
  const logger = createLogger({ level: 'info', format: 'json' }, { write: (l: string) => lines.push(l) });
  server = await startServer(
    { ...config, webhook: { ...config.webhook, pollIntervalInMs: 20 } },
    { print: (l) => printed.push(l), logger },
  );
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { url: server.url, lines, printed, records };
}

/** Sends `raw` bytes on a new connection and resolves with everything the server answers before closing. */
function rawRequest(url: string, raw: Buffer | string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

describe('logs', () => {
  it('a session with leads, a 403, 429s and a refused webhook: a line for each, and no personal data', async () => {
    const s = await start({ LEADGATE_RATE_LIMIT: '3', LEADGATE_WEBHOOK_ALLOW: '127.0.0.0/8' });
    const gone = await webhookReceiver({ status: () => 410 });
    try {
      const endpoint = await (
        await fetch(`${s.url}/v1/admin/webhooks`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ url: `${gone.url}/hook` }),
        })
      ).json();
      const submit = (headers: Record<string, string> = {}) =>
        fetch(`${s.url}/v1/forms/demo-ebook/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(demoSubmission()),
        });
      const accepted = await submit();
      expect(accepted.status).toBe(201);
      const { id } = await accepted.json();
      const def = (await (await fetch(`${s.url}/v1/admin/forms/demo-ebook`, { headers: admin })).json())
        .definition;
      await fetch(`${s.url}/v1/admin/forms/demo-ebook`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ ...def, allowedOrigins: ['https://mine.example'] }),
      });
      expect((await submit({ origin: 'https://evil.example' })).status).toBe(403);
      expect((await submit({ origin: 'https://mine.example' })).status).toBe(201);
      expect((await submit()).status).toBe(429);
      expect((await submit()).status).toBe(429);

      await eventually(() => s.records().some((r) => r.msg === 'webhook endpoint disabled'));
      const records = s.records();
      const requests = records.filter((r) => r.msg === 'request');
      expect(requests).toContainEqual(
        expect.objectContaining({
          level: 30,
          method: 'POST',
          path: '/v1/forms/demo-ebook/submissions',
          status: 201,
          responseTime: expect.any(Number),
        }),
      );
      expect(requests.filter((r) => r.status === 429)).toHaveLength(2);
      expect(records.filter((r) => r.msg === 'lead accepted')).toEqual([
        expect.objectContaining({ formId: 'demo-ebook', leadId: id, status: 201 }),
        expect.objectContaining({ formId: 'demo-ebook', leadId: expect.stringMatching(/^lead_/) }),
      ]);
      const refused = records.filter((r) => r.msg === 'lead refused');
      expect(refused.map((r) => [r.status, r.code])).toEqual([
        [403, 'origin_not_allowed'],
        [429, 'rate_limited'],
        [429, 'rate_limited'],
      ]);
      expect(records).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: 'webhook delivery failed',
          endpointId: endpoint.id,
          status: 410,
          messageId: expect.stringMatching(/^msg_/),
        }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({
          msg: 'webhook endpoint disabled',
          endpointId: endpoint.id,
          reason: 'gone',
        }),
      );
      const all = s.lines.join('');
      for (const secret of ['ada@example.com', 'Ada', ADMIN_KEY, endpoint.secret, gone.url]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await gone.close();
    }
  });

  it('logs a refused lead with the paths of its issues, never the answers', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/v1/forms/demo-ebook/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...demoSubmission(),
        answers: { ...demoSubmission().answers, email: 'not-an-email' },
      }),
    });
    expect(res.status).toBe(422);
    expect(s.records()).toContainEqual(
      expect.objectContaining({ msg: 'lead refused', code: 'validation_failed', paths: ['answers.email'] }),
    );
    expect(s.lines.join('')).not.toContain('not-an-email');
  });

  it('logs a submission the bot gates discard as discarded, with the reason, though it was answered 201', async () => {
    const s = await start({ LEADGATE_ABUSE_CHECKS: 'on' });
    const res = await fetch(`${s.url}/v1/forms/demo-ebook/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...demoSubmission(), honeypot: 'https://cheap-pills.example' }),
    });
    expect(res.status).toBe(201);
    const records = s.records();
    expect(records).toContainEqual(
      expect.objectContaining({
        msg: 'lead discarded',
        formId: 'demo-ebook',
        status: 201,
        reason: 'honeypot',
      }),
    );
    expect(records.filter((r) => r.msg === 'lead accepted')).toEqual([]);
    expect(s.lines.join('')).not.toContain('cheap-pills');
  });

  it('logs a client that aborts its upload as that, not as an internal error', async () => {
    const s = await start();
    const { hostname, port } = new URL(s.url);
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        'POST /v1/forms/demo-ebook/submissions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n' +
          'content-length: 1000\r\n\r\n{"answers":',
      );
      setTimeout(() => socket.destroy(), 100);
    });
    const aborted = await eventually(() => s.records().find((r) => r.msg === 'request aborted by client'));
    expect(aborted).toMatchObject({ level: 30, method: 'POST', path: '/v1/forms/demo-ebook/submissions' });
    expect(s.records().filter((r) => (r.level as number) >= 50)).toEqual([]);
  });

  it('writes a request path as it was sent, percent-encoded: %0A cannot forge a line', async () => {
    const s = await start();
    await fetch(`${s.url}/v1/forms/x%0A%7B%22level%22:60%7D%0D%E2%80%A8%C2%85/submissions`, {
      method: 'POST',
    });
    const line = s.lines.find((l) => l.includes('"msg":"request"'));
    expect(JSON.parse(line ?? '{}').path).toBe(
      '/v1/forms/x%0A%7B%22level%22:60%7D%0D%E2%80%A8%C2%85/submissions',
    );
    for (const l of s.lines) expect(l.trimEnd()).not.toMatch(/[\n\r\u0085\u2028]/);
  });
});

describe('answers on a raw socket what the HTTP parser refuses, in the error shape', () => {
  const cases: [string, string | Buffer, number, string][] = [
    [
      'a raw non-ASCII byte in the path',
      Buffer.from('GET /caf\xe9 HTTP/1.1\r\nhost: x\r\n\r\n', 'latin1'),
      400,
      'bad_request',
    ],
    ['a malformed request line', 'BLAH\r\n\r\n', 400, 'bad_request'],
    [
      'headers over 16 KB',
      `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'request_header_fields_too_large',
    ],
  ];
  it.each(cases)('%s', async (_name, raw, status, code) => {
    const s = await start();
    const answer = await rawRequest(s.url, raw);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toEqual({ error: { code, message: expect.any(String) } });
    expect(s.records()).toContainEqual(
      expect.objectContaining({ msg: 'request refused by the HTTP parser', status }),
    );
  });
});

describe('start-up', () => {
  let blocker: NetServer | undefined;
  afterEach(() => blocker?.close());

  it('warns when an existing database file can be read by other users, and leaves it so', async () => {
    const file = join(mkdtempSync(join(dir, 'shared-')), 'leadgate.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const s = await start({ LEADGATE_DB: file });
    expect(s.records()).toContainEqual(
      expect.objectContaining({
        level: 40,
        path: file,
        mode: '644',
        msg: expect.stringMatching(/chmod 600/),
      }),
    );
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const fresh = await start();
    expect(fresh.records().filter((r) => r.level === 40)).toEqual([]);
  });

  it('prints the generated admin key even when it cannot listen, and on every start until it is used', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const db = join(mkdtempSync(join(dir, 'key-')), 'leadgate.db');
    const env = { LEADGATE_PORT: String(port), LEADGATE_DB: db, LEADGATE_ADMIN_KEY: '' };
    const printed: string[] = [];
    const quiet = createLogger({ level: 'silent', format: 'json' });
    const config = loadConfig({ ...env, LEADGATE_ADMIN_KEY: undefined });
    await expect(startServer(config, { print: (l) => printed.push(l), logger: quiet })).rejects.toThrow(
      new StartError(`cannot listen on 127.0.0.1:${port}: the port is in use by another program.`),
    );
    const key = /admin key[^:]*: (lg_admin_\S+)/.exec(printed.join('\n'))?.[1];
    expect(key).toBeDefined();

    const next = loadConfig({ LEADGATE_PORT: '0', LEADGATE_DB: db });
    printed.length = 0;
    server = await startServer(next, { print: (l) => printed.push(l), logger: quiet });
    expect(printed.join('\n')).toContain(`admin key (shown until first used; keep it safe): ${key}`);
    const authed = await fetch(`${server.url}/v1/admin/forms`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(authed.status).toBe(200);
    await server.close();

    printed.length = 0;
    server = await startServer(next, { print: (l) => printed.push(l), logger: quiet });
    expect(printed.join('\n')).not.toContain('admin key');
    const again = await fetch(`${server.url}/v1/admin/forms`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(again.status).toBe(200);
  });
});
