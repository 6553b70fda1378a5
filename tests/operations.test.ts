/** `leadgate` as an operator runs it: help and version, a database it cannot write, production switches, logs. */
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { openDb } from '../server/storage/db.ts';
import { runLeadgate, startLeadgate } from './support/leadgate-process.ts';
import { DIALECTS, databaseFor } from './support/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadgate-ops-'));
// Readable by the unprivileged user the read-only cases run as (below).
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Permission bits do not stop root from writing. As root, run the server as `nobody`, for whom they do;
// as anyone else, the bits alone do.
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;
const unprivileged = asRoot ? { uid: NOBODY, gid: NOBODY } : {};

describe('leadgate --help and --version', () => {
  it.each([['--help'], ['-h'], ['serve', '--help']])(
    '%s prints the usage and starts nothing',
    async (...args) => {
      const db = join(dir, 'help', 'leadgate.db');
      const run = await runLeadgate(args, { LEADGATE_DB: db });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: leadgate/);
      expect(run.stdout).toContain('LEADGATE_LOG_LEVEL');
      expect(existsSync(db)).toBe(false);
    },
  );

  it.each([['--version'], ['-v']])('%s prints the version from package.json', async (flag) => {
    const db = join(dir, 'version', 'leadgate.db');
    const run = await runLeadgate([flag], { LEADGATE_DB: db });
    expect(run).toEqual({ code: 0, stdout: `leadgate ${pkg.version}\n`, stderr: '' });
    expect(existsSync(db)).toBe(false);
  });
});

describe('a database that cannot be written', () => {
  it('a read-only file: start-up says so with the path and exits non-zero, without a stack', async () => {
    const folder = join(dir, 'ro-file');
    mkdirSync(folder, { mode: 0o777 });
    chmodSync(folder, 0o777);
    const file = join(folder, 'leadgate.db');
    openDb(file).$client.close();
    chmodSync(file, 0o444);
    const run = await runLeadgate(['serve'], { LEADGATE_DB: file }, unprivileged);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`leadgate: the database ${file} cannot be written`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('listening on');
  });

  it('a read-only folder: the same', async () => {
    const folder = join(dir, 'ro-dir');
    mkdirSync(folder);
    const file = join(folder, 'leadgate.db');
    openDb(file).$client.close();
    if (asRoot) chownSync(file, NOBODY, NOBODY);
    chmodSync(folder, 0o555);
    const run = await runLeadgate(['serve'], { LEADGATE_DB: file }, unprivileged);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`leadgate: .*database ${file}`));
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a folder it cannot create the file in: the same', async () => {
    const folder = join(dir, 'ro-empty');
    mkdirSync(folder, { mode: 0o555 });
    chmodSync(folder, 0o555);
    const file = join(folder, 'leadgate.db');
    const run = await runLeadgate(['serve'], { LEADGATE_DB: file }, unprivileged);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`leadgate: cannot open the database ${file}`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('in production', () => {
  it('LEADGATE_DEMO=off seeds no demo form and serves no demo pages', async () => {
    const server = await startLeadgate({
      LEADGATE_DB: join(dir, 'prod', 'leadgate.db'),
      LEADGATE_DEMO: 'off',
    });
    try {
      expect(server.output()).toContain('admin key');
      expect(server.output()).not.toContain('demo');
      expect((await fetch(`${server.url}/demo`)).status).toBe(404);
      expect((await fetch(`${server.url}/v1/forms/demo-ebook`)).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('logs JSON lines on stderr when not on a terminal; stdout keeps the lines a person reads', async () => {
    const server = await startLeadgate({ LEADGATE_DB: join(dir, 'logs', 'leadgate.db') });
    let stderr = '';
    server.child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await fetch(`${server.url}/v1/forms/demo-ebook`);
    server.child.kill('SIGTERM');
    await server.exited;
    expect(server.output()).toMatch(/^leadgate: listening on http:\/\/127\.0\.0\.1:\d+$/m);
    const records = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'GET', path: '/v1/forms/demo-ebook', status: 200 }),
    );
    expect(records).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }));
  });
});

describe('leadgate migrate', () => {
  it.each(DIALECTS)('applies the migrations of a fresh %s database and exits', async (dialect) => {
    const database = await databaseFor(dialect, dir);
    try {
      const run = await runLeadgate(['migrate'], database.env);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^leadgate: the (SQLite|PostgreSQL) database is migrated\n$/);
      // The tables are there, and nothing is served or seeded by a migration.
      expect(await database.query('SELECT count(*) AS n FROM forms')).toEqual([
        { n: dialect === 'sqlite' ? 0 : '0' },
      ]);
    } finally {
      await database.drop();
    }
  });

  it('refuses a PostgreSQL it cannot reach, with the URL and not its password', async () => {
    const run = await runLeadgate(['migrate'], {
      LEADGATE_DATABASE_URL: 'postgres://leadgate:s3cret@127.0.0.1:1/leadgate',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot open the database postgres://leadgate:***@127.0.0.1:1/leadgate');
    expect(run.stderr).not.toContain('s3cret');
  });
});
