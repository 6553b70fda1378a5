/** The whole server in-process, on a free port, over a database in its own temp folder (test-only). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type WebhookConfig } from '../../server/config.ts';
import { silentLogger } from '../../server/log/logger.ts';
import { startServer } from '../../server/serve.ts';
import { freshDatabase } from './postgres.ts';

export type TestServer = {
  url: string;
  /** The temp folder, free for the test's own files; `close()` removes it. */
  dir: string;
  dbFile: string;
  /** The PostgreSQL database's URL, when it runs on one. */
  databaseUrl: string | undefined;
  /** Fetches `path` with the admin key (`LEADGATE_ADMIN_KEY` must be in `env`), sending `body` as JSON. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  /** Stops the server (draining deliveries) and removes the temp folder. */
  close(): Promise<void>;
};

/**
 * Starts the server with `env` over a fresh database, unlimited rate and silent logs; `webhook` tunes
 * what has no environment variable (the poll interval, the jitter).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  tune: { webhook?: Partial<WebhookConfig>; dialect?: 'sqlite' | 'postgres' } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-test-'));
  const dbFile = join(dir, 'db.sqlite');
  // On PostgreSQL: a fresh database of its own, dropped at close.
  const pg = tune.dialect === 'postgres' ? await freshDatabase() : undefined;
  const config = loadConfig({
    LEADGATE_PORT: '0',
    LEADGATE_DB: dbFile,
    LEADGATE_RATE_LIMIT: '0',
    ...(pg ? { LEADGATE_DATABASE_URL: pg.url } : {}),
    ...env,
  });
  const server = await startServer(
    { ...config, webhook: { ...config.webhook, ...tune.webhook } },
    { print: () => {}, logger: silentLogger },
  ).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const adminKey = env.LEADGATE_ADMIN_KEY;
  return {
    url: server.url,
    dir,
    dbFile,
    databaseUrl: pg?.url,
    admin(path, init = {}) {
      if (!adminKey) throw new Error('startTestServer: no LEADGATE_ADMIN_KEY in env');
      return fetch(`${server.url}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    },
    async close() {
      await server.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
