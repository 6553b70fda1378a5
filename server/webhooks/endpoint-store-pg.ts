/** Webhook endpoints on PostgreSQL. */
import { asc, eq } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { webhookEndpoints } from '../storage/pg/schema.ts';
import { type Endpoint, type EndpointStore, ROTATION_GRACE_IN_MS, toEndpoint } from './endpoint-store.ts';
import { generateSecret } from './secret.ts';

export function pgEndpointStore(db: PgDb): EndpointStore {
  const get = async (id: string): Promise<Endpoint | undefined> => {
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    return row && toEndpoint(row);
  };
  return {
    async create(input, now = Date.now()) {
      const id = newId('ep', now);
      const secret = generateSecret();
      await db.insert(webhookEndpoints).values({
        id,
        url: input.url,
        description: input.description ?? '',
        events: input.events,
        formIds: input.formIds ?? null,
        headers: input.headers ?? {},
        secret,
        createdAt: now,
        updatedAt: now,
      });
      return { ...((await get(id)) as Endpoint), secret };
    },
    async list() {
      return (await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id))).map(toEndpoint);
    },
    get,
    async secret(id) {
      const [row] = await db
        .select({ secret: webhookEndpoints.secret })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, id));
      return row?.secret;
    },
    async update(id, changes, now = Date.now()) {
      const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const reset =
        changes.enabled === true
          ? { disabledReason: null, failingSince: null, consecutiveFailures: 0, circuitOpenUntil: null }
          : {};
      await db
        .update(webhookEndpoints)
        .set({ ...set, ...reset, updatedAt: now })
        .where(eq(webhookEndpoints.id, id));
      return get(id);
    },
    async delete(id) {
      const gone = await db
        .delete(webhookEndpoints)
        .where(eq(webhookEndpoints.id, id))
        .returning({ id: webhookEndpoints.id });
      return gone.length > 0;
    },
    async rotateSecret(id, now = Date.now()) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({ secret: webhookEndpoints.secret })
          .from(webhookEndpoints)
          .where(eq(webhookEndpoints.id, id))
          .for('update');
        if (!row) return undefined;
        const secret = generateSecret();
        await tx
          .update(webhookEndpoints)
          .set({
            secret,
            previousSecret: row.secret,
            previousSecretExpiresAt: now + ROTATION_GRACE_IN_MS,
            updatedAt: now,
          })
          .where(eq(webhookEndpoints.id, id));
        return secret;
      });
    },
  };
}
