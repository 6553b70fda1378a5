/**
 * Submissions not yet acknowledged by the server, kept in localStorage so a closed tab or a lost
 * connection loses nothing: they are sent again, with the same Idempotency-Key, on the next visit.
 */
import { type Submission, type SubmitResponse, submit } from './api.ts';

export type Pending = { apiOrigin: string; formId: string; key: string; body: Submission };

const STORE = 'leadgate:pending';
const MAX_PENDING = 20;

const read = (): Pending[] => {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? '[]');
  } catch {
    return [];
  }
};
const write = (list: Pending[]) => {
  try {
    localStorage.setItem(STORE, JSON.stringify(list.slice(-MAX_PENDING)));
  } catch {
    // Storage full or blocked (private mode, a sandboxed frame): the in-page retry still works.
  }
};

/** Remembers a submission until `forget` is called with its key. */
export const remember = (p: Pending) => write([...read().filter((x) => x.key !== p.key), p]);
/** Drops a submission the server has answered. */
export const forget = (key: string) => write(read().filter((x) => x.key !== key));
/** Every submission still owed. */
export const pending = read;

/** Sends a submission, keeping it until the server has answered (a network failure keeps it). */
export async function deliver(p: Pending): Promise<SubmitResponse> {
  remember(p);
  const res = await submit(p.apiOrigin, p.formId, p.body, p.key);
  if (res.kind !== 'offline') forget(p.key);
  return res;
}

/** Sends every submission a previous page left unsent. */
export function flushPending(): void {
  for (const p of pending()) void deliver(p);
}
