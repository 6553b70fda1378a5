/** Webhook endpoints: the subscriptions, their secrets and rotation. Knows nothing of HTTP. */
import { asc, eq } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { Db } from '../storage/db.ts';
import { webhookEndpoints } from '../storage/schema.ts';
import { generateSecret } from './secret.ts';

type Row = typeof webhookEndpoints.$inferSelect;

/** An endpoint as the admin API shows it: everything but its secrets. */
export type Endpoint = {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

export type EndpointChanges = {
  url?: string | undefined;
  description?: string | undefined;
  events?: string[] | undefined;
  enabled?: boolean | undefined;
};

/** How long a rotated-out secret keeps signing alongside the new one. */
export const ROTATION_GRACE_IN_MS = 24 * 60 * 60 * 1000;

const toEndpoint = (r: Row): Endpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  enabled: r.enabled,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** Registers an endpoint; the secret is returned here and from `rotateSecret` only. */
export function createEndpoint(
  db: Db,
  input: { url: string; events: string[]; description?: string | undefined },
  now = Date.now(),
): Endpoint & { secret: string } {
  const row = {
    id: newId('ep', now),
    url: input.url,
    description: input.description ?? '',
    events: input.events,
    secret: generateSecret(),
    enabled: true,
    createdAt: now,
    updatedAt: now,
  };
  db.insert(webhookEndpoints).values(row).run();
  return {
    ...toEndpoint({ ...row, previousSecret: null, previousSecretExpiresAt: null }),
    secret: row.secret,
  };
}

/** Every endpoint, oldest first. */
export function listEndpoints(db: Db): Endpoint[] {
  return db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)).all().map(toEndpoint);
}

export function getEndpoint(db: Db, id: string): Endpoint | undefined {
  const row = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).all()[0];
  return row && toEndpoint(row);
}

/** Applies the given changes; undefined when there is no such endpoint. */
export function updateEndpoint(
  db: Db,
  id: string,
  changes: EndpointChanges,
  now = Date.now(),
): Endpoint | undefined {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  db.update(webhookEndpoints)
    .set({ ...set, updatedAt: now })
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
  const row = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).all()[0];
  if (!row) return undefined;
  const secret = generateSecret();
  db.update(webhookEndpoints)
    .set({
      secret,
      previousSecret: row.secret,
      previousSecretExpiresAt: now + ROTATION_GRACE_IN_MS,
      updatedAt: now,
    })
    .where(eq(webhookEndpoints.id, id))
    .run();
  return secret;
}
