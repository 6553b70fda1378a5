import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresAvailable } from '../../tests/support/postgres.ts';
import { seedDemoForm } from '../forms/seed-demo.ts';
import type { Store } from '../store.ts';
import { openPgStore } from '../store-pg.ts';
import { KEY_TAKEN } from './idempotency.ts';
import { type LeadWrite, PROOF_SPENT } from './lead-write.ts';

let n = 0;
/** A submission's write: `key` claimed (none when undefined), `proof` spent (none when undefined). */
function write(key: string | undefined, proof: string | undefined): LeadWrite {
  const id = `lead_${++n}`;
  const createdAt = Date.now();
  const claim = key && {
    formId: 'demo-ebook',
    key,
    requestHash: 'h',
    statusCode: 201,
    responseBody: JSON.stringify({ id }),
    createdAt,
  };
  return {
    claim: claim || undefined,
    spend: proof === undefined ? undefined : { signature: proof, expiresAt: createdAt + 60_000 },
    lead: {
      id,
      formId: 'demo-ebook',
      formVersion: 1,
      email: 'ada@example.com',
      score: 1,
      tier: 'nurture',
      context: { locale: 'en' },
      answers: { email: 'ada@example.com', interests: ['solar'] },
      consents: [{ key: 'privacy', granted: true, text: 'I agree.' }],
      createdAt,
    },
    event: {
      type: 'lead.created',
      timestamp: new Date(createdAt).toISOString(),
      data: { id } as never,
    },
  };
}

describe.skipIf(!postgresAvailable)('the ingest write on PostgreSQL (one statement)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let store: Store;
  beforeAll(async () => {
    database = await freshDatabase();
    store = await openPgStore(database.url, { poolSize: 8 });
    await seedDemoForm(store.forms);
    await store.endpoints.create({ url: 'https://hooks.example.com/a', events: ['lead.*'] });
    await store.endpoints.create({ url: 'https://hooks.example.com/b', events: ['lead.erased'] });
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  const stored = async (w: LeadWrite) => (await store.leads.get(w.lead.id)) !== undefined;

  it('stores the lead with its answers, consents and a delivery per subscribed endpoint', async () => {
    const w = write('k1', 'p1');
    expect(await store.ingest.writeLead(w)).toEqual({ deliveries: 1 });
    const lead = await store.leads.get(w.lead.id);
    expect(lead?.answers).toEqual(w.lead.answers);
    expect(lead?.consents.map((c) => c.key)).toEqual(['privacy']);
    expect(await store.idempotency.find('demo-ebook', 'k1')).toMatchObject({ statusCode: 201 });
    // Without a key or a proof too.
    expect(await store.ingest.writeLead(write(undefined, undefined))).toEqual({ deliveries: 1 });
  });

  it('undoes a lost claim’s spend, and a spent proof’s claim', async () => {
    // The key taken, a fresh proof: the proof is not spent by the write that lost.
    const lostClaim = write('k2', 'p2');
    expect(await store.ingest.writeLead(write('k2', 'p2-first'))).toEqual({ deliveries: 1 });
    expect(await store.ingest.writeLead(lostClaim)).toBe(KEY_TAKEN);
    expect(await stored(lostClaim)).toBe(false);
    expect(await store.ingest.writeLead(write('k2-other', 'p2'))).toEqual({ deliveries: 1 });
    // The proof spent, a fresh key: the key is not claimed by the write that lost.
    const spent = write('k3', 'p2');
    expect(await store.ingest.writeLead(spent)).toBe(PROOF_SPENT);
    expect(await stored(spent)).toBe(false);
    expect(await store.idempotency.find('demo-ebook', 'k3')).toBeUndefined();
    expect(await store.ingest.writeLead(write(undefined, 'p2'))).toBe(PROOF_SPENT);
    // Both lost: a retry of a stored submission.
    expect(await store.ingest.writeLead(write('k3-again', 'p3'))).toEqual({ deliveries: 1 });
    expect(await store.ingest.writeLead(write('k3-again', 'p3'))).toBe(KEY_TAKEN);
  });

  it('makes one lead of writes racing with one key, or with one proof and keys of their own', async () => {
    const sameKey = Array.from({ length: 12 }, () => write('race', 'race-proof'));
    const outcomes = await Promise.all(sameKey.map((w) => store.ingest.writeLead(w)));
    expect(outcomes.filter((o) => o === KEY_TAKEN)).toHaveLength(11);
    const sameProof = Array.from({ length: 12 }, (_, i) => write(`proof-race-${i}`, 'one-proof'));
    const results = await Promise.all(sameProof.map((w) => store.ingest.writeLead(w)));
    expect(results.filter((o) => o === PROOF_SPENT)).toHaveLength(11);
    const winner = sameProof[results.findIndex((o) => o !== PROOF_SPENT)] as LeadWrite;
    for (const w of sameProof) {
      const key = (w.claim as { key: string }).key;
      expect(await store.idempotency.find('demo-ebook', key)).toEqual(
        w === winner ? expect.objectContaining({ statusCode: 201 }) : undefined,
      );
    }
  });
});
