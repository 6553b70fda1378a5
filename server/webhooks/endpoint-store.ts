/** Webhook endpoints: the subscriptions, their filters, secrets and rotation. Knows nothing of HTTP. */
import { asc, eq } from 'drizzle-orm';
import type { WebhookEndpoint } from '../../shared/admin-api.ts';
import { newId } from '../ids.ts';
import { type Db, type Tx, writeTx } from '../storage/db.ts';
import { webhookEndpoints } from '../storage/schema.ts';
import { generateSecret } from './secret.ts';

type Row = typeof webhookEndpoints.$inferSelect;

/** An endpoint as the admin API shows it: everything but its secrets (its health added by the routes). */
export type Endpoint = Omit<WebhookEndpoint, 'lastSuccessAt'>;

export type EndpointInput = {
  url: string;
  events: string[];
  description?: string | undefined;
  formIds?: string[] | null | undefined;
  headers?: Record<string, string> | undefined;
};

export type EndpointChanges = { [K in keyof EndpointInput]?: EndpointInput[K] | undefined } & {
  enabled?: boolean | undefined;
};

/** How long a rotated-out secret keeps signing alongside the new one. */
export const ROTATION_GRACE_IN_MS = 24 * 60 * 60 * 1000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const toEndpoint = (r: Row): Endpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  formIds: r.formIds ?? null,
  headers: r.headers,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  failingSince: iso(r.failingSince),
  circuitOpenUntil: iso(r.circuitOpenUntil),
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** Registers an endpoint; the secret is returned here and from `rotateSecret` only. */
export function createEndpoint(
  db: Db,
  input: EndpointInput,
  now = Date.now(),
): Endpoint & { secret: string } {
  const id = newId('ep', now);
  const secret = generateSecret();
  db.insert(webhookEndpoints)
    .values({
      id,
      url: input.url,
      description: input.description ?? '',
      events: input.events,
      formIds: input.formIds ?? null,
      headers: input.headers ?? {},
      secret,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return { ...(getEndpoint(db, id) as Endpoint), secret };
}

/** Every endpoint, oldest first. */
export function listEndpoints(db: Db): Endpoint[] {
  return db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)).all().map(toEndpoint);
}

export function getEndpoint(db: Db, id: string): Endpoint | undefined {
  const row = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).all()[0];
  return row && toEndpoint(row);
}

/** The current secret (for operators who lost it). */
export function getSecret(db: Db | Tx, id: string): string | undefined {
  return db
    .select({ secret: webhookEndpoints.secret })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .all()[0]?.secret;
}

/** Applies the given changes; enabling an endpoint also forgets its failures. Undefined when there is none. */
export function updateEndpoint(
  db: Db,
  id: string,
  changes: EndpointChanges,
  now = Date.now(),
): Endpoint | undefined {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const reset =
    changes.enabled === true
      ? { disabledReason: null, failingSince: null, consecutiveFailures: 0, circuitOpenUntil: null }
      : {};
  db.update(webhookEndpoints)
    .set({ ...set, ...reset, updatedAt: now })
    .where(eq(webhookEndpoints.id, id))
    .run();
  return getEndpoint(db, id);
}

/** Deletes the endpoint and what it was still owed. */
export function deleteEndpoint(db: Db, id: string): boolean {
  return db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run().changes > 0;
}

/** A new secret; the current one keeps signing alongside it for `ROTATION_GRACE_IN_MS`. */
export function rotateSecret(db: Db, id: string, now = Date.now()): string | undefined {
  // Read and written under the write lock: two rotations at once keep one secret each, in turn.
  return writeTx(db, (tx) => {
    const current = getSecret(tx, id);
    if (current === undefined) return undefined;
    const secret = generateSecret();
    tx.update(webhookEndpoints)
      .set({
        secret,
        previousSecret: current,
        previousSecretExpiresAt: now + ROTATION_GRACE_IN_MS,
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id))
      .run();
    return secret;
  });
}

/** Webhook endpoints, as the rest of the server sees them. */
export interface EndpointStore {
  /** Registers an endpoint; the secret is returned here and from `rotateSecret` only. */
  create(input: EndpointInput, now?: number): Promise<Endpoint & { secret: string }>;
  /** Every endpoint, oldest first. */
  list(): Promise<Endpoint[]>;
  get(id: string): Promise<Endpoint | undefined>;
  /** The current secret (for operators who lost it). */
  secret(id: string): Promise<string | undefined>;
  /** Applies the given changes; enabling an endpoint also forgets its failures. */
  update(id: string, changes: EndpointChanges, now?: number): Promise<Endpoint | undefined>;
  /** Deletes the endpoint and what it was still owed. */
  delete(id: string): Promise<boolean>;
  /** A new secret; the current one keeps signing alongside it for `ROTATION_GRACE_IN_MS`. */
  rotateSecret(id: string, now?: number): Promise<string | undefined>;
}

/** The endpoint store over one SQLite connection. */
export function sqliteEndpointStore(db: Db): EndpointStore {
  return {
    create: async (input, now) => createEndpoint(db, input, now),
    list: async () => listEndpoints(db),
    get: async (id) => getEndpoint(db, id),
    secret: async (id) => getSecret(db, id),
    update: async (id, changes, now) => updateEndpoint(db, id, changes, now),
    delete: async (id) => deleteEndpoint(db, id),
    rotateSecret: async (id, now) => rotateSecret(db, id, now),
  };
}
