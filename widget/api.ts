/** Talking to the Leadgate server. Failures become values for the UI, never exceptions. */
import type { PublicForm } from '../shared/public-form.ts';
import type { FieldIssue, SubmissionContext } from '../shared/submission.ts';

export type Outcome = { message: string; redirectUrl?: string; downloadUrl?: string };

export type SubmitResponse =
  | { kind: 'ok'; id: string; outcome: Outcome }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'rejected'; message: string }
  | { kind: 'offline' };

/** Fetches the public definition in the visitor's language; undefined when it cannot be had. */
export async function fetchForm(
  apiOrigin: string,
  formId: string,
  locale: string,
): Promise<PublicForm | undefined> {
  try {
    const res = await fetch(
      `${apiOrigin}/v1/forms/${encodeURIComponent(formId)}?locale=${encodeURIComponent(locale)}`,
    );
    return res.ok ? ((await res.json()) as PublicForm) : undefined;
  } catch {
    return undefined;
  }
}

export type Submission = {
  formVersion: number;
  answers: Record<string, unknown>;
  consents: Record<string, boolean>;
  context: SubmissionContext;
};

/** Posts a submission; the same `idempotencyKey` on every retry makes retries safe. */
export async function submit(
  apiOrigin: string,
  formId: string,
  submission: Submission,
  idempotencyKey: string,
): Promise<SubmitResponse> {
  let res: Response;
  try {
    res = await fetch(`${apiOrigin}/v1/forms/${encodeURIComponent(formId)}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(submission),
      keepalive: true,
    });
  } catch {
    return { kind: 'offline' };
  }
  const body = await res.json().catch(() => undefined);
  if (res.ok && body?.id) return { kind: 'ok', id: body.id, outcome: body.outcome };
  if (res.status === 422 && body?.error?.issues) return { kind: 'invalid', issues: body.error.issues };
  // 5xx and 429 are worth retrying with the same key; the rest will not get better by themselves.
  if (res.status >= 500 || res.status === 429) return { kind: 'offline' };
  return { kind: 'rejected', message: body?.error?.message ?? `Error ${res.status}` };
}

/** A fresh key per submission (RFC 9562 UUID v4 where available). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
