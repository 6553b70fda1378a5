/**
 * `/v1/admin/keys`: the admin keys, named, created and revoked. A stored key is kept hashed and shown in
 * clear once, in the answer that creates it; the configured `LEADGATE_ADMIN_KEY` is listed but changed
 * only where it is set. Revoking a key ends the console sessions opened with it.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AdminKeyInfo, CreatedAdminKey } from '../../shared/admin-api.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { type JsonBodyEnv, jsonBody } from '../http/json-body.ts';
import { noQuery } from '../http/query.ts';
import { validate } from '../http/validate.ts';
import type { AdminKeyStore, EnvKeyUse, StoredAdminKey } from './admin-keys.ts';
import type { SessionStore } from './sessions.ts';

const MAX_KEY_BODY_IN_BYTES = 4 * 1024;
/** The id the configured key is listed under. */
export const ENV_KEY_ID = 'env';

export const CreateKey = v.strictObject({
  name: v.pipe(
    v.string('Name the key.'),
    v.trim(),
    v.minLength(1, 'Name the key, after what will use it (`CI deploys`).'),
    v.maxLength(80, 'Use at most 80 characters.'),
  ),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const NOT_REVOCABLE_ENV =
  'Set in the environment: change or unset LEADGATE_ADMIN_KEY and restart Leadgate to retire it.';
const NOT_REVOCABLE_LAST =
  'The only key: create another first, or set LEADGATE_ADMIN_KEY, so that someone can still sign in.';

/** The admin key routes; `configured`: whether `LEADGATE_ADMIN_KEY` is set. */
export function keyRoutes({
  keys,
  sessions,
  configured,
  envUse,
}: {
  keys: AdminKeyStore;
  sessions: SessionStore;
  configured: boolean;
  envUse: EnvKeyUse;
}) {
  const app = new Hono<JsonBodyEnv>();
  const toInfo = (k: StoredAdminKey, only: boolean): AdminKeyInfo => ({
    id: k.id,
    name: k.name,
    source: 'stored',
    createdAt: iso(k.createdAt),
    lastUsedAt: iso(k.lastUsedAt),
    notRevocable: only && !configured ? NOT_REVOCABLE_LAST : null,
  });

  app.get('/', noQuery, async (c) => {
    const stored = await keys.list();
    const data = stored.map((k) => toInfo(k, stored.length === 1));
    if (configured)
      data.unshift({
        id: ENV_KEY_ID,
        name: 'LEADGATE_ADMIN_KEY',
        source: 'environment',
        createdAt: null,
        lastUsedAt: iso(envUse.lastUsedAt),
        notRevocable: NOT_REVOCABLE_ENV,
      });
    c.header('cache-control', 'no-store');
    return c.json({ data });
  });

  app.post('/', noQuery, jsonBody({ maxSizeInBytes: MAX_KEY_BODY_IN_BYTES }), async (c) => {
    const { name } = validate(CreateKey, c.get('body'));
    const { key, ...created } = await keys.create(name);
    const body: CreatedAdminKey = { ...toInfo(created, false), key };
    c.header('cache-control', 'no-store');
    return c.json(body, 201);
  });

  app.delete('/:id', noQuery, async (c) => {
    const id = c.req.param('id');
    if (id === ENV_KEY_ID && configured) throw new ApiError(409, 'key_from_environment', NOT_REVOCABLE_ENV);
    // With no key in the environment, the stored keys are the only way in: the last one stays.
    const outcome = await keys.revoke(id, !configured);
    if (outcome === 'not_found') throw notFound('This admin key');
    if (outcome === 'last_key') throw new ApiError(409, 'last_admin_key', NOT_REVOCABLE_LAST);
    await sessions.endForKey(id);
    return c.body(null, 204);
  });

  return app;
}
