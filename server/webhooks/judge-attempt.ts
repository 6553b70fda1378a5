/** What one attempt's result means for its delivery: delivered, retried when, or given up. */
import type { WebhookConfig } from '../config.ts';
import type { SendResult } from './send-webhook.ts';

const MAX_RETRY_AFTER_IN_MS = 24 * 60 * 60 * 1000;

/** What an attempt's result means for the delivery. */
export type Verdict =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed'; disableEndpoint: boolean };

export type Judge = { config: WebhookConfig; now: number; random: () => number };

/** Decides success, the next retry time (schedule, jitter, `Retry-After`) or giving up. */
export function judgeAttempt(result: SendResult, attemptsSoFar: number, opts: Judge): Verdict {
  const code = result.statusCode;
  if (result.accepted || (code !== undefined && code >= 200 && code < 300)) return { status: 'delivered' };
  // 410 Gone: the subscriber says the endpoint is gone for good; stop sending to it.
  if (code === 410) return { status: 'failed', disableEndpoint: true };
  const delay = opts.config.retryScheduleInMs[attemptsSoFar - 1];
  if (delay === undefined) return { status: 'failed', disableEndpoint: false };
  const jittered = delay * (1 + opts.config.jitter * (2 * opts.random() - 1));
  // Retry-After on 429 and 503 (RFC 9110 §10.2.3) may only push the retry later, never sooner.
  const asked = (code === 429 || code === 503) && result.retryAfterMs !== undefined ? result.retryAfterMs : 0;
  const wait = Math.max(jittered, Math.min(asked, MAX_RETRY_AFTER_IN_MS));
  return { status: 'pending', nextAttemptAt: opts.now + Math.round(wait) };
}

/** What the attempt log says went wrong: the sender's error, or the HTTP status of a failure; null on success. */
export function attemptError(result: SendResult, verdict: Verdict): string | null {
  return (
    result.error ?? (verdict.status === 'delivered' ? null : `HTTP ${result.statusCode ?? 'no response'}`)
  );
}
