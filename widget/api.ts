/**
 * Talking to the Leadgate server. Submissions not yet acknowledged are kept in localStorage, so a closed
 * tab or a lost connection loses nothing: they are sent again, with the same Idempotency-Key, on the next
 * visit. Failures to send become values for the UI, never exceptions.
 */

import type { ErrorBody } from '../shared/error-body.ts';
import type { Challenge } from '../shared/proof.ts';
import type { PublicForm } from '../shared/public-form.ts';
import type {
  FieldIssue,
  SubmissionBody,
  SubmissionContext,
  SubmissionResponse,
} from '../shared/submission.ts';
import { PREVIEW } from './preview.ts';

/** What the visitor sees after sending: the server's `outcome`, in their language. */
export type Outcome = SubmissionResponse['outcome'];

export type SubmitResponse =
  | { kind: 'ok'; id: string; outcome: Outcome }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'rejected'; message: string }
  /** 429: the server said when to come back (`Retry-After`, in seconds). */
  | { kind: 'busy'; seconds: number }
  /** No answer, or a 5xx: worth sending again, with backoff. */
  | { kind: 'offline' };

/** The submission's body as the server's schema has it; a key left undefined is not sent (JSON drops it). */
export type Submission = {
  [K in Exclude<keyof SubmissionBody, 'context'>]: SubmissionBody[K] | undefined;
} & { context: SubmissionContext };

export type Pending = { apiOrigin: string; formId: string; key: string; body: Submission };

// Each submission owed is kept under its own key until the server has answered it.
const PENDING = 'leadgate:pending:';

/** A form's public URL on its server. */
export const formUrl = (apiOrigin: string, formId: string) =>
  `${apiOrigin}/v1/forms/${encodeURIComponent(formId)}`;

/** A form as the widget renders it: a preloaded one's challenge is still on its way. */
export type LoadedForm = Omit<PublicForm, 'challenge'> & { challenge?: Challenge | Promise<Challenge> };

/**
 * The form `widget.js?form=ID` preloaded, in the language the server's `pickLocale` would choose for
 * `locale` (server/forms/preload-script.ts keys it so: the tag lowercased, its primary subtag, then `*`).
 */
export function preloadedForm(formId: string, locale: string): PublicForm | undefined {
  const forms = (self as { LeadgateForms?: Record<string, Record<string, PublicForm>> }).LeadgateForms?.[
    formId
  ];
  const lower = locale.toLowerCase();
  return forms && (forms[lower] ?? forms[lower.split('-')[0] as string] ?? forms['*']);
}

/**
 * The public definition in the visitor's language, preloaded or fetched, or the closing message of an
 * archived form (a 410); rejects when it cannot be had. A preloaded form's challenge, per visitor, is
 * fetched while the form shows.
 */
export async function fetchForm(
  apiOrigin: string,
  formId: string,
  locale: string,
): Promise<LoadedForm | string> {
  const url = formUrl(apiOrigin, formId);
  const form = preloadedForm(formId, locale);
  // No challenge (204: the bot gates are off) or none to be had: the submission goes without a proof.
  if (form)
    return PREVIEW
      ? form
      : { ...form, challenge: fetch(`${url}/challenge`).then((res) => res.ok && res.json()) };
  const res = await fetch(`${url}?locale=${encodeURIComponent(locale)}`);
  if (res.status === 410) return (await res.json()).error.message;
  if (!res.ok) throw new Error(`form "${formId}": HTTP ${res.status}`);
  return res.json();
}

/** Uses localStorage unless it is full or blocked (private mode, a sandboxed frame). */
const storage = (use: (store: Storage) => void) => {
  try {
    use(localStorage);
  } catch {
    // Nothing kept: the in-page retry still works.
  }
};

/** Posts a submission, keeping it until the server has answered; the same key on every retry makes retries safe. */
export async function deliver(p: Pending): Promise<SubmitResponse> {
  const name = PENDING + p.key;
  storage((store) => store.setItem(name, JSON.stringify(p)));
  let res: Response;
  try {
    res = await fetch(`${formUrl(p.apiOrigin, p.formId)}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': p.key },
      body: JSON.stringify(p.body),
      keepalive: true,
    });
  } catch {
    return { kind: 'offline' };
  }
  // 5xx and 429 are worth retrying with the same key; the rest will not get better by themselves.
  if (res.status === 429) return { kind: 'busy', seconds: Number(res.headers.get('retry-after')) || 5 };
  if (res.status >= 500) return { kind: 'offline' };
  storage((store) => store.removeItem(name));
  const body: Partial<SubmissionResponse & ErrorBody> | undefined = await res.json().catch(() => undefined);
  return res.ok && body?.id
    ? { kind: 'ok', id: body.id, outcome: body.outcome as Outcome }
    : res.status === 422 && body?.error?.issues
      ? { kind: 'invalid', issues: body.error.issues }
      : { kind: 'rejected', message: body?.error?.message ?? `Error ${res.status}` };
}

/** Sends every submission a previous page left unsent. */
export function flushPending(): void {
  storage((store) => {
    // One at a time, so an entry that cannot be read holds up no other.
    for (const name of Object.keys(store))
      if (name.startsWith(PENDING)) storage(() => void deliver(JSON.parse(store[name] as string)));
  });
}

/** A fresh key per submission: 128 random bits (crypto.randomUUID needs a secure context; this does not). */
export const newIdempotencyKey = (): string => crypto.getRandomValues(new Uint32Array(4)).join('-');
