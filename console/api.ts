/**
 * The console's client for the admin API (same origin): the session cookie goes by itself, the CSRF
 * token of the session goes with every request that changes something, and a failure is an `ApiFailure`
 * with the API's error code, message and issues.
 */
import type { SessionInfo } from '../shared/admin-api.ts';

/** A non-2xx answer, in the API's error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
const signedOutListeners = new Set<() => void>();

/** Called when the API says the session has ended (a 401): the app shows the sign-in form. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

type Query = Record<string, string | undefined>;

/** `path` with the query's set values (empty ones left out). */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Calls the admin API; resolves to the JSON body (undefined for a 204). */
export async function api<T>(
  path: string,
  { method = 'GET', body, query }: { method?: string; body?: unknown; query?: Query } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(
      0,
      'network',
      'The server could not be reached. Check the connection and try again.',
    );
  }
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (json as { error?: { code: string; message: string; issues?: [] } } | undefined)?.error;
    if (res.status === 401 && path !== '/v1/admin/session') for (const l of signedOutListeners) l();
    throw new ApiFailure(
      res.status,
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${res.status}.`,
      error?.issues,
    );
  }
  return json as T;
}

/** The current session, or undefined when signed out. */
export async function currentSession(): Promise<SessionInfo | undefined> {
  try {
    const session = await api<SessionInfo>('/v1/admin/session');
    csrfToken = session.csrfToken;
    return session;
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) return undefined;
    throw err;
  }
}

/** Signs in with an admin key; throws an `ApiFailure` (401 wrong key, 429 too many tries). */
export async function signIn(key: string): Promise<SessionInfo> {
  const session = await api<SessionInfo>('/v1/admin/session', { method: 'POST', body: { key } });
  csrfToken = session.csrfToken;
  return session;
}

/** Ends the session on the server. */
export async function signOut(): Promise<void> {
  await api('/v1/admin/session', { method: 'DELETE' });
  csrfToken = undefined;
}
