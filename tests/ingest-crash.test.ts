/**
 * A 201 is a promise, under load too: with submissions committed in groups, a server killed (SIGKILL)
 * while dozens are in flight has every lead it answered 201 for on disk after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLeadgate } from './support/leadgate-process.ts';
import { DIALECTS, databaseFor } from './support/postgres.ts';
import { demoSubmission } from './support/test-app.ts';

const SUBMITTERS = 32;
const dir = mkdtempSync(join(tmpdir(), 'leadgate-ingest-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DIALECTS)('a server killed under load (%s)', (dialect) => {
  it('has every lead it answered 201 for after a restart', async () => {
    const database = await databaseFor(dialect, dir);
    const env = {
      ...database.env,
      // Posts the way a load test does, without the widget's proof of work.
      LEADGATE_ABUSE_CHECKS: 'off',
      LEADGATE_LOG_LEVEL: 'silent',
    };
    const server = await startLeadgate(env);
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const body = JSON.stringify(demoSubmission());
    const submitter = async (n: number) => {
      for (let i = 0; !killed; i++) {
        sent++;
        try {
          const res = await fetch(`${server.url}/v1/forms/demo-ebook/submissions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `load-${n}-${i}` },
            body,
          });
          if (res.status === 201) acknowledged.push((await res.json()).id);
        } catch {
          // The kill: this one was never answered, so nothing was promised.
        }
      }
    };
    const load = Promise.all(Array.from({ length: SUBMITTERS }, (_, n) => submitter(n)));
    // Kill in the thick of it: once a few hundred have been answered, with others in flight.
    while (acknowledged.length < 300) await new Promise((resolve) => setTimeout(resolve, 10));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await load;
    expect(sent).toBeGreaterThan(acknowledged.length);

    // Started again, it recovers the database (the WAL) as a restart would; then look at what is there.
    const again = await startLeadgate(env);
    again.child.kill('SIGTERM');
    await again.exited;
    const stored = new Set((await database.query<{ id: string }>('SELECT id FROM leads')).map((r) => r.id));
    await database.drop();
    const missing = acknowledged.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
  }, 60_000);
});
