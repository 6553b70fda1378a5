/**
 * No input reaches a 500: a seeded fuzz of mutated requests against every kind of route, public and admin,
 * with the bot gates on and off. Each request is a valid one with a few values replaced (by deep nesting,
 * huge strings, wrong types, unknown keys, prototype keys), or raw bytes. Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoForm } from '../server/forms/demo-form.ts';
import { DIALECTS } from './support/postgres.ts';
import { appFor, demoSubmission } from './support/test-app.ts';

const SEED = 20261126;
const RUNS = 1500;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that have broken parsers before: deep nesting, long strings, odd numbers, prototype keys. */
const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.integer({ min: 1, max: 4_000 }).map((depth) => {
    let value: Json = 'x';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
    return value;
  }),
  fc.constantFrom<Json>(
    '',
    ' ',
    'x'.repeat(70_000),
    '(a+)+$',
    '\u0000\n\r%0A',
    -0,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    {},
    [],
    { __proto__: { polluted: true } } as Json,
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
  ),
);

/** `base` with values at random paths replaced, keys deleted or added. */
function mutated(base: Json): fc.Arbitrary<Json> {
  const paths: string[][] = [];
  const walk = (value: Json, path: string[]) => {
    paths.push(path);
    if (value && typeof value === 'object')
      for (const [key, child] of Object.entries(value)) walk(child as Json, [...path, key]);
  };
  walk(base, []);
  const edit = fc.record({
    path: fc.constantFrom(...paths),
    op: fc.constantFrom('replace', 'delete', 'add'),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'score')),
    value: nasty,
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let copy = structuredClone(base);
    for (const { path, op, key, value } of edits) {
      if (path.length === 0) {
        copy = op === 'replace' ? value : copy;
        continue;
      }
      let parent = copy as Record<string, Json>;
      for (const step of path.slice(0, -1)) parent = (parent?.[step] ?? {}) as Record<string, Json>;
      const last = path.at(-1) as string;
      if (!parent || typeof parent !== 'object') continue;
      if (op === 'replace') parent[last] = value;
      else if (op === 'delete') delete parent[last];
      else
        Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return copy;
  });
}

const body = (json: Json) =>
  fc.oneof({ weight: 9, arbitrary: mutated(json).map((j) => JSON.stringify(j) ?? 'null') }, fc.string());

describe.each(DIALECTS)('no input reaches a 500 (%s)', (dialect) => {
  it('on submissions, with the bot gates on and off', async () => {
    const gated = await appFor(dialect, { abuseChecks: true });
    const open = await appFor(dialect);
    await fc.assert(
      fc.asyncProperty(
        body(demoSubmission() as Json),
        fc.boolean(),
        fc.string({ maxLength: 300 }),
        async (text, on, key) => {
          const t = on ? gated : open;
          const res = await t.app.request('/v1/forms/demo-ebook/submissions', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': key.replace(/[^\x21-\x7e]/g, '') || 'k',
            },
            body: text,
          });
          expect(res.status, text.slice(0, 300)).toBeLessThan(500);
          expect((await res.json()).error?.code ?? 'ok').toMatch(/^[a-z_]+$/);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('on form definitions and webhook endpoints', async () => {
    const t = await appFor(dialect);
    const definition = { ...demoForm, id: 'fuzzed' } as Json;
    const endpoint = {
      url: 'https://crm.example/hook',
      events: ['lead.created'],
      headers: { 'x-api-key': 'k' },
    };
    const routes = [
      ['POST', '/v1/admin/forms', definition],
      ['PUT', '/v1/admin/forms/demo-ebook', demoForm as Json],
      ['POST', '/v1/admin/webhooks', endpoint],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...routes)
          .chain(([method, path, base]) => body(base).map((text) => [method, path, text] as const)),
        async ([method, path, text]) => {
          const res = await t.app.request(path, {
            method,
            headers: {
              authorization: 'Bearer test-admin-key-0123456789',
              'content-type': 'application/json',
            },
            body: text,
          });
          expect(res.status, `${method} ${path} ${text.slice(0, 300)}`).toBeLessThan(500);
        },
      ),
      { seed: SEED, numRuns: RUNS / 3 },
    );
  });

  it('on a NUL character anywhere, which PostgreSQL cannot store: the lead is kept', async () => {
    const t = await appFor(dialect);
    const submit = (patch: (s: ReturnType<typeof demoSubmission>) => void) => {
      const s = demoSubmission();
      patch(s);
      return t.app.request('/v1/forms/demo-ebook/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(s),
      });
    };
    const kept = await submit((s) => {
      s.answers.name = 'A\u0000da';
      s.context.pageUrl = 'https://example.com/\u0000';
      s.context.utm.utm_source = '\u0000';
      Object.assign(s.context.utm, { 'utm_\u0000': 'x' });
    });
    expect(kept.status).toBe(201);
    const lead = await (await t.admin(`/v1/admin/leads/${(await kept.json()).id}`)).json();
    expect(['A\u0000da', 'A\uFFFDda']).toContain(lead.answers.name);
    const requests: [string, string, unknown?][] = [
      ['POST', '/v1/admin/forms', { ...demoForm, id: 'nul', title: 'T\u0000' }],
      ['POST', '/v1/admin/webhooks', { url: 'https://crm.example/\u0000', headers: { 'x-a': 'b\u0000' } }],
      ['POST', '/v1/admin/keys', { name: 'k\u0000' }],
      ['GET', '/v1/admin/leads?email=a%00'],
      ['GET', '/v1/admin/leads?q=a%00'],
      ['GET', '/v1/admin/leads?tier=a%00&formId=a%00'],
      ['GET', '/v1/admin/people?email=a%00%40example.com'],
      ['DELETE', '/v1/admin/people?email=a%00%40example.com'],
      ['GET', '/v1/admin/leads/lead_%00'],
      ['GET', '/v1/admin/forms/a%00'],
      ['GET', '/v1/forms/a%00'],
      ['GET', '/v1/admin/webhooks/a%00'],
      ['GET', '/v1/admin/analytics/funnel?formId=a%00'],
    ];
    for (const [method, path, body] of requests)
      expect((await t.admin(path, { method, body })).status, `${method} ${path}`).toBeLessThan(500);
  });

  it('on paths and query strings', async () => {
    const t = await appFor(dialect);
    const paths = [
      '/v1/admin/leads',
      '/v1/admin/leads/export',
      '/v1/admin/people',
      '/v1/admin/people/export',
      '/v1/admin/webhooks',
      '/v1/admin/forms/demo-ebook/blocked',
      '/v1/admin/analytics/funnel',
      '/v1/admin/analytics/daily',
      '/v1/admin/analytics/breakdown',
      '/v1/forms/demo-ebook',
      '/healthz',
    ];
    const params = fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'limit',
            'cursor',
            'since',
            'until',
            'formId',
            'tier',
            'email',
            'format',
            'days',
            'locale',
            'by',
          ),
          fc.string({ maxLength: 6 }),
        ),
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom(
            '0',
            '-1',
            '1e400',
            'NaN',
            '2026-13-45T99:00:00Z',
            '2026-02-30',
            '0000-01-01',
            '9999-12-31',
            'lead_',
            '@',
            'csv',
            'referrer',
          ),
        ),
      ),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), params, async (path, query) => {
        const url = `${path}?${new URLSearchParams(query).toString()}`;
        const res = await t.app.request(url, {
          headers: { authorization: 'Bearer test-admin-key-0123456789' },
        });
        expect(res.status, url).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { seed: SEED, numRuns: RUNS / 3 },
    );
  });
});
