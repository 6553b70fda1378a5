/** Email destinations: an endpoint whose URL is `mailto:owner@example.com[,other@example.com]`. */
import { EMAIL } from '../../shared/answers.ts';

const MAX_RECIPIENTS = 10;

/** Whether an endpoint's URL is an email destination rather than a webhook. */
export const isMailto = (url: string): boolean => url.startsWith('mailto:');

/** The addresses of a `mailto:` URL, or a reason it is not a usable one. */
export function mailtoRecipients(url: string): { recipients: string[] } | { problem: string } {
  if (!isMailto(url)) return { problem: 'Use mailto:address.' };
  const rest = url.slice('mailto:'.length);
  if (rest.includes('?'))
    return { problem: 'Give the addresses only: Leadgate writes the subject and body.' };
  const recipients = rest.split(',').map((a) => decodeURIComponent(a.trim()));
  if (recipients.length > MAX_RECIPIENTS) return { problem: `Use at most ${MAX_RECIPIENTS} addresses.` };
  const bad = recipients.find((a) => !EMAIL.test(a));
  if (bad !== undefined) return { problem: `"${bad}" is not an email address.` };
  return { recipients };
}
