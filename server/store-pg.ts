/**
 * The store on PostgreSQL (`LEADGATE_DATABASE_URL`), for one instance or several on one database: the
 * same interfaces as on SQLite, with the SQL that must differ (insert-first claims, SKIP LOCKED leases,
 * heartbeats, job leases, LISTEN/NOTIFY).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgAbuseStore } from './abuse/abuse-store-pg.ts';
import { pgAdminKeyStore } from './admin/admin-keys-pg.ts';
import { pgSessionStore } from './admin/sessions-pg.ts';
import { pgFunnelStore } from './analytics/funnel-store-pg.ts';
import { pgFormStore } from './forms/form-store-pg.ts';
import { pgIdempotencyStore, pgIngestStore } from './ingest/lead-write-pg.ts';
import { pgLeadStore } from './leads/lead-store-pg.ts';
import { dbNow, migratePg, openPg, pgWriteProblem } from './storage/pg/db.ts';
import { jobLeases } from './storage/pg/schema.ts';
import type { Store } from './store.ts';
import { pgDeliveryLog } from './webhooks/delivery-log-pg.ts';
import { pgOutbox } from './webhooks/delivery-store-pg.ts';
import { pgEndpointStore } from './webhooks/endpoint-store-pg.ts';
import { OUTBOX_CHANNEL } from './webhooks/outbox-pg.ts';

const ANNOUNCE_EVERY_IN_MS = 2;

/** Connects, migrates (one instance at a time), and returns the store of a new instance. */
export async function openPgStore(
  url: string,
  options: { poolSize?: number; onError?: (err: unknown) => void } = {},
): Promise<Store> {
  const db = openPg(url, options.poolSize === undefined ? {} : { max: options.poolSize });
  try {
    await migratePg(db);
  } catch (err) {
    await db.$client.end({ timeout: 1 });
    throw err;
  }
  const instanceId = `inst_${randomUUID()}`;
  const outbox = pgOutbox(db, instanceId);
  let announcing: NodeJS.Timeout | undefined;
  const abuse = pgAbuseStore(db, options.onError);
  const funnel = pgFunnelStore(db, options.onError);
  return {
    forms: pgFormStore(db),
    leads: pgLeadStore(db),
    ingest: pgIngestStore(db),
    idempotency: pgIdempotencyStore(db),
    abuse,
    funnel,
    adminKeys: pgAdminKeyStore(db),
    sessions: pgSessionStore(db),
    endpoints: pgEndpointStore(db),
    deliveries: pgDeliveryLog(db),
    outbox,
    async tryJob(name, ttlInMs) {
      // The database's clock decides: the lease is taken when free, expired, or already ours.
      const now = await dbNow(db);
      const rows = await db
        .insert(jobLeases)
        .values({ name, owner: instanceId, until: now + ttlInMs })
        .onConflictDoUpdate({
          target: jobLeases.name,
          set: { owner: instanceId, until: now + ttlInMs },
          setWhere: sql`${jobLeases.until} <= ${now} OR ${jobLeases.owner} = ${instanceId}`,
        })
        .returning({ owner: jobLeases.owner });
      return rows[0]?.owner === instanceId;
    },
    announceDeliveries() {
      // One NOTIFY for the deliveries stored within a few milliseconds, outside any transaction.
      if (announcing) return;
      announcing = setTimeout(() => {
        announcing = undefined;
        db.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`).catch(() => {
          // The others poll too (every second): a lost wake-up only delays them.
        });
      }, ANNOUNCE_EVERY_IN_MS);
    },
    async onDeliveriesQueued(wake) {
      const { unlisten } = await db.$client.listen(OUTBOX_CHANNEL, () => wake());
      return unlisten;
    },
    writeProblem: () => pgWriteProblem(db),
    dialect: 'postgres',
    async close() {
      clearTimeout(announcing);
      // The counts still in memory are written before the pool closes.
      await Promise.all([abuse.close(), funnel.close()]).catch(() => {});
      await outbox.leave().catch(() => {});
      await db.$client.end({ timeout: 5 });
    },
  };
}
