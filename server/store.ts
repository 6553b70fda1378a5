/**
 * The store: every table behind one async interface per room, each room the only writer of its tables.
 * Routes, jobs and the dispatcher see only these interfaces, never a database: a batched writer (group
 * commit, on SQLite) or another database fits behind them without touching the HTTP layer.
 */
import { type AbuseStore, sqliteAbuseStore } from './abuse/abuse-store.ts';
import { type AdminKeyStore, sqliteAdminKeyStore } from './admin/admin-keys.ts';
import { type SessionStore, sqliteSessionStore } from './admin/sessions.ts';
import { type FunnelStore, sqliteFunnelStore } from './analytics/funnel-store.ts';
import { type FormStore, sqliteFormStore } from './forms/form-store.ts';
import { type IdempotencyStore, sqliteIdempotencyStore } from './ingest/idempotency.ts';
import { type IngestStore, sqliteIngestStore } from './ingest/lead-write.ts';
import { type LeadStore, sqliteLeadStore } from './leads/store.ts';
import { type Db, writeProblem } from './storage/db.ts';
import { type DeliveryLog, sqliteDeliveryLog } from './webhooks/delivery-actions.ts';
import { type Outbox, sqliteOutbox } from './webhooks/delivery-store.ts';
import { type EndpointStore, sqliteEndpointStore } from './webhooks/endpoint-store.ts';

export type Store = {
  forms: FormStore;
  leads: LeadStore;
  /** An accepted submission's one write (key, proof, lead, webhooks). */
  ingest: IngestStore;
  idempotency: IdempotencyStore;
  abuse: AbuseStore;
  /** The funnel's counters: views, starts, steps reached, submissions. */
  funnel: FunnelStore;
  adminKeys: AdminKeyStore;
  /** Console sessions (the browser's sign-in). */
  sessions: SessionStore;
  endpoints: EndpointStore;
  /** The delivery log and the operator's actions on it. */
  deliveries: DeliveryLog;
  /** What the dispatcher records and leases. */
  outbox: Outbox;
  /**
   * Whether this instance may run scheduled job `name` now (pruning, retention, digests): one instance at a
   * time holds a job's lease, for `ttlInMs` or until it runs it again.
   */
  tryJob(name: string, ttlInMs: number): Promise<boolean>;
  /** Calls `wake` when another instance stores a delivery; returns how to stop listening. */
  onDeliveriesQueued(wake: () => void): Promise<() => Promise<void>>;
  /** Tells the other instances that deliveries were stored (after the commit; coalesced). */
  announceDeliveries(): void;
  /** Why the database cannot be written now, or undefined when it can. */
  writeProblem(): Promise<string | undefined>;
  /** Which database this is, for the start-up line: `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
};

/**
 * The store over one SQLite connection (better-sqlite3 is synchronous: each promise is settled at once).
 * `onError` hears of counts that could not be written (they are kept and tried again a second later).
 */
export function sqliteStore(db: Db, onError?: (err: unknown) => void): Store {
  const abuse = sqliteAbuseStore(db, onError);
  const funnel = sqliteFunnelStore(db, onError);
  return {
    forms: sqliteFormStore(db),
    leads: sqliteLeadStore(db),
    ingest: sqliteIngestStore(db),
    idempotency: sqliteIdempotencyStore(db),
    abuse,
    funnel,
    adminKeys: sqliteAdminKeyStore(db),
    sessions: sqliteSessionStore(db),
    endpoints: sqliteEndpointStore(db),
    deliveries: sqliteDeliveryLog(db),
    outbox: sqliteOutbox(db),
    // One process owns a SQLite file: its jobs are its own, and its dispatcher is woken in process.
    tryJob: async () => true,
    onDeliveriesQueued: async () => async () => {},
    announceDeliveries: () => {},
    writeProblem: async () => writeProblem(db),
    dialect: 'sqlite',
    close: async () => {
      // The counters kept in memory are written before the connection goes.
      await Promise.all([abuse.close(), funnel.close()]);
      db.$client.close();
    },
  };
}
