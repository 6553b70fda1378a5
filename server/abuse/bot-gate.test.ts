import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_FILL_TIME_IN_MS, type Proof } from '../../shared/proof.ts';
import { DIALECTS } from '../../tests/support/postgres.ts';
import { solveChallenge } from '../../tests/support/solve-challenge.ts';
import { appFor, demoSubmission, TEST_ADMIN_KEY, type TestApp } from '../../tests/support/test-app.ts';
import { CHALLENGE_TTL_IN_MS, issueChallenge } from './proof-of-work.ts';

let t: TestApp;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const later = (ms: number) => vi.setSystemTime(Date.now() + ms);
const rows = async (table: 'leads' | 'webhook_deliveries') =>
  (await t.sql<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;
const stored = () => rows('leads');
const owed = () => rows('webhook_deliveries');

async function fetchChallenge(formId = 'demo-ebook') {
  const form = await (await t.app.request(`/v1/forms/${formId}`)).json();
  return form.challenge;
}

const post = (body: object, key: string = crypto.randomUUID(), formId = 'demo-ebook') =>
  t.app.request(`/v1/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

async function blocked(formId = 'demo-ebook') {
  const res = await t.admin(`/v1/admin/forms/${formId}/blocked`);
  const { data } = await res.json();
  return Object.fromEntries(data.map((r: { reason: string; count: number }) => [r.reason, r.count]));
}

describe.each(DIALECTS)('the bot gates (%s)', (dialect) => {
  beforeEach(async () => {
    t = await appFor(dialect, { abuseChecks: true });
    await t.admin('/v1/admin/webhooks', { method: 'POST', body: { url: 'https://crm.example/hook' } });
  });

  it('stores a submission that solved its form’s challenge and took a person’s time', async () => {
    const proof = solveChallenge(await fetchChallenge());
    later(MIN_FILL_TIME_IN_MS);
    const res = await post({ ...demoSubmission(), proof });
    expect(res.status).toBe(201);
    expect([await stored(), await owed()]).toEqual([1, 1]);
  });

  it('refuses a plain scripted POST with a clear 403, storing and sending nothing', async () => {
    const res = await post(demoSubmission());
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: 'proof_required',
      message: expect.stringContaining('GET /v1/forms/:formId'),
    });
    expect([await stored(), await owed()]).toEqual([0, 0]);
    expect(await blocked()).toEqual({ no_proof: 1 });
  });

  it('says what is missing when a browser could not solve the challenge (a plain-http page has no Web Crypto)', async () => {
    const unsolved = await fetchChallenge();
    later(MIN_FILL_TIME_IN_MS);
    const res = await post({ ...demoSubmission(), proof: unsolved });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: 'proof_required',
      message: expect.stringContaining('https pages and localhost'),
    });
  });

  it('answers a bot that was too fast as if stored, and stores and sends nothing', async () => {
    const proof = solveChallenge(await fetchChallenge());
    later(3); // fetched the form, answered 3 ms later
    const res = await post({ ...demoSubmission(), proof });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      id: expect.stringMatching(/^lead_/),
      outcome: { message: expect.any(String) },
    });
    expect([await stored(), await owed()]).toEqual([0, 0]);
    expect(await blocked()).toEqual({ too_fast: 1 });
  });

  it('answers a filled honeypot as if stored, and stores and sends nothing', async () => {
    const proof = solveChallenge(await fetchChallenge());
    later(60_000);
    const res = await post({ ...demoSubmission(), proof, honeypot: 'https://cheap-pills.example' });
    expect(res.status).toBe(201);
    expect([await stored(), await owed()]).toEqual([0, 0]);
    expect(await blocked()).toEqual({ honeypot: 1 });
  });

  it('accepts each proof once; a retry with the same Idempotency-Key replays the lead', async () => {
    const proof = solveChallenge(await fetchChallenge());
    later(MIN_FILL_TIME_IN_MS);
    const key = crypto.randomUUID();
    const first = await post({ ...demoSubmission(), proof }, key);
    expect(first.status).toBe(201);
    expect(await (await post({ ...demoSubmission(), proof }, key)).json()).toEqual(await first.json());
    const again = await post({ ...demoSubmission(), proof });
    expect(again.status).toBe(403);
    expect((await again.json()).error.code).toBe('proof_used');
    expect(await stored()).toBe(1);
  });

  it('lets a visitor correct a refused answer and send again with the same proof', async () => {
    const proof = solveChallenge(await fetchChallenge());
    later(MIN_FILL_TIME_IN_MS);
    const bad = demoSubmission();
    bad.answers.email = 'not an email';
    expect((await post({ ...bad, proof })).status).toBe(422);
    expect((await post({ ...demoSubmission(), proof })).status).toBe(201);
  });

  it('refuses a forged, expired or borrowed proof', async () => {
    const challenge = await fetchChallenge();
    const proof = solveChallenge(challenge);
    later(MIN_FILL_TIME_IN_MS);
    const forged: Proof = { ...proof, number: (proof.number + 1) % (proof.maxnumber + 1) };
    expect((await (await post({ ...demoSubmission(), proof: forged })).json()).error.code).toBe(
      'proof_invalid',
    );
    const unsigned: Proof = { ...proof, signature: 'f'.repeat(64) };
    expect((await (await post({ ...demoSubmission(), proof: unsigned })).json()).error.code).toBe(
      'proof_invalid',
    );

    await t.admin('/v1/admin/forms', { method: 'POST', body: { ...whitepaper } });
    const borrowed = solveChallenge(await fetchChallenge('whitepaper'));
    later(MIN_FILL_TIME_IN_MS);
    expect((await (await post({ ...demoSubmission(), proof: borrowed })).json()).error.code).toBe(
      'proof_invalid',
    );

    later(CHALLENGE_TTL_IN_MS);
    const res = await post({ ...demoSubmission(), proof });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('proof_expired');
    expect(await blocked()).toEqual({ bad_proof: 2, other_form: 1, expired_proof: 1 });
    expect(await stored()).toBe(0);
  });

  it('sends a solved ticket when a form turns proof of work off, and refuses it once the form turns it on', async () => {
    const definition = (await (await t.admin('/v1/admin/forms/demo-ebook')).json()).definition;
    await t.admin('/v1/admin/forms/demo-ebook', {
      method: 'PUT',
      body: { ...definition, proofOfWork: false },
    });
    const ticket = await fetchChallenge();
    expect(ticket.number).toEqual(expect.any(Number));
    later(MIN_FILL_TIME_IN_MS);
    expect((await post({ ...demoSubmission(), proof: solveChallenge(ticket) })).status).toBe(201);

    const another = await fetchChallenge();
    await t.admin('/v1/admin/forms/demo-ebook', {
      method: 'PUT',
      body: { ...definition, proofOfWork: true },
    });
    later(MIN_FILL_TIME_IN_MS);
    const res = await post({ ...demoSubmission(), proof: solveChallenge(another) });
    expect((await res.json()).error.code).toBe('proof_required');
  });

  it('lets the owner’s own server submit with the admin key, without the gates; a wrong key is a 401', async () => {
    const send = (authorization: string) =>
      t.app.request('/v1/forms/demo-ebook/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(demoSubmission()),
      });
    expect((await send(`Bearer ${TEST_ADMIN_KEY}`)).status).toBe(201);
    const wrong = await send('Bearer not-the-key-at-all');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    expect(await stored()).toBe(1);
  });

  it('keeps its key across restarts, so challenges fetched before one still verify', async () => {
    const key = await t.store.abuse.proofOfWorkKey();
    expect(await t.store.abuse.proofOfWorkKey()).toBe(key);
    const challenge = await issueChallenge(key, 'demo-ebook', true, Date.now() - MIN_FILL_TIME_IN_MS);
    expect((await post({ ...demoSubmission(), proof: solveChallenge(challenge) })).status).toBe(201);
  });
});

const whitepaper = {
  id: 'whitepaper',
  title: 'Whitepaper',
  fields: [{ key: 'email', type: 'email', label: 'Email', required: true }],
  tiers: [{ name: 'lead', minScore: 0, outcome: { message: 'Thanks' } }],
};
