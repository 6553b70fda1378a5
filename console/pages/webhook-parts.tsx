/**
 * What the Webhooks, Notifications and Admin keys pages share: an endpoint's health in one word, the
 * events one can subscribe to, a copy button, and the error of a failed save with its issues.
 */
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import type { WebhookEndpoint } from '../../shared/admin-api.ts';
import { ApiFailure } from '../api.ts';
import type { Tone } from '../components/badge.tsx';
import { formatTime } from '../format.ts';

/** The events a webhook endpoint can subscribe to, with what each means to an owner. */
export const EVENT_CHOICES: { value: string; label: string }[] = [
  { value: 'lead.*', label: 'Every lead event, including ones added later' },
  { value: 'lead.created', label: 'A lead arrived' },
  { value: 'lead.erased', label: 'A lead was erased' },
  { value: 'lead.consent_withdrawn', label: 'A consent was withdrawn' },
  { value: 'endpoint.disabled', label: 'Leadgate stopped sending to an endpoint' },
  { value: 'digest.daily', label: 'The daily digest (counts only)' },
];

/** Whether an endpoint's URL makes it an email destination. */
export const isEmail = (e: { url: string }) => e.url.toLowerCase().startsWith('mailto:');

/** The addresses of a `mailto:` URL, for people. */
export const recipientsOf = (url: string) =>
  decodeURIComponent(url.slice('mailto:'.length).split('?')[0] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

const DISABLED_REASONS: Record<string, string> = {
  gone: 'It answered 410 Gone, so Leadgate stopped sending to it.',
  failing: 'It failed for days without one success, so Leadgate stopped sending to it.',
};

/** An endpoint's health: a word and its tone for the badge, and a sentence that says why. */
export function healthOf(e: WebhookEndpoint, now = Date.now()): { word: string; tone: Tone; why: string } {
  if (!e.enabled && e.disabledReason)
    return {
      word: 'Disabled',
      tone: 'bad',
      why: DISABLED_REASONS[e.disabledReason] ?? `Disabled by Leadgate: ${e.disabledReason}.`,
    };
  if (!e.enabled) return { word: 'Paused', tone: 'neutral', why: 'Disabled by hand: nothing is sent to it.' };
  if (e.circuitOpenUntil && Date.parse(e.circuitOpenUntil) > now)
    return {
      word: 'Circuit open',
      tone: 'warn',
      why: `Failing; the next try is at ${formatTime(e.circuitOpenUntil, true)}.`,
    };
  if (e.failingSince)
    return { word: 'Failing', tone: 'warn', why: `Failing since ${formatTime(e.failingSince)}.` };
  if (e.lastSuccessAt) return { word: 'Healthy', tone: 'good', why: 'Its last attempt succeeded.' };
  return { word: 'No deliveries yet', tone: 'neutral', why: 'Nothing has been sent to it yet.' };
}

/**
 * Copies `text` to the clipboard and says so; where the clipboard is refused, says to copy by hand (the
 * value is on the page, selectable).
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied.');
    } catch {
      setSaid('The browser refused: select the text and copy it.');
    }
  };
  return (
    <>
      <button type="button" class="button" onClick={copy}>
        {label}
      </button>
      <span class="muted small copy-said" role="status">
        {said}
      </span>
    </>
  );
}

/** A failed save: the API's message and each issue at its path. */
export function SaveError({ error }: { error: unknown }) {
  if (error === undefined) return null;
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiFailure ? error.issues : [];
  return (
    <div class="notice notice-bad" role="alert">
      <p>{message}</p>
      {issues.length > 0 && (
        <ul class="issues">
          {issues.map((i) => (
            <li key={i.path + i.message}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A time, or a word when there is none. */
export function TimeOr({ iso, none }: { iso: string | null; none: string }) {
  return iso ? <time dateTime={iso}>{formatTime(iso)}</time> : <span class="muted">{none}</span>;
}
