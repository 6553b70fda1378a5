import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { logPath, requestLog } from './request-log.ts';

describe('requestLog', () => {
  it('writes one line a request: method, path as sent, status, time; debug for a healthy /healthz, error for a 5xx', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', format: 'json' }, { write: (line) => lines.push(line) });
    const app = new Hono();
    app.use(requestLog(logger));
    app.get('/healthz', (c) => c.text('ok'));
    app.post('/v1/x', (c) => c.json({}, 201));
    app.get('/boom', () => {
      throw new Error('bug');
    });
    await app.request('/healthz');
    await app.request('/v1/x?email=ada@example.com', { method: 'POST' });
    await app.request('/a%0Ab');
    await app.request('/boom');
    const shown = lines.map((line) => {
      const { time, responseTime, ...rest } = JSON.parse(line);
      expect(typeof time).toBe('string');
      expect(responseTime).toBeGreaterThanOrEqual(0);
      return { ...rest, keys: Object.keys(JSON.parse(line)).join() };
    });
    const keys = 'level,time,method,path,status,responseTime,msg';
    expect(shown).toEqual([
      { level: 20, method: 'GET', path: '/healthz', status: 200, msg: 'request', keys },
      { level: 30, method: 'POST', path: '/v1/x', status: 201, msg: 'request', keys },
      { level: 30, method: 'GET', path: '/a%0Ab', status: 404, msg: 'request', keys },
      { level: 50, method: 'GET', path: '/boom', status: 500, msg: 'request', keys },
    ]);
  });

  it('writes nothing below its level', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', format: 'json' }, { write: (line) => lines.push(line) });
    const app = new Hono();
    app.use(requestLog(logger));
    app.get('/', (c) => c.text('ok'));
    await app.request('/');
    expect(lines).toEqual([]);
  });
});

describe('logPath', () => {
  it('keeps the path as sent, without the query string (it may carry an email)', () => {
    expect(logPath('http://h/v1/admin/leads?email=ada@example.com')).toBe('/v1/admin/leads');
    expect(logPath('http://h:8787/v1/forms/a%0Ab/submissions#x')).toBe('/v1/forms/a%0Ab/submissions');
    expect(logPath('http://h')).toBe('/');
  });

  it('percent-encodes anything not printable ASCII, so a path cannot break a log line', () => {
    expect(logPath('http://h/a\nb c\u2028é')).toBe('/a%0Ab%20c%E2%80%A8%C3%A9');
  });
});
