/** What the server refused in the range (submissions, and forms loaded on sites they do not allow), by reason, in words. */
import { h } from 'preact';
import type { FunnelReport } from '../../shared/analytics-api.ts';
import { humanize } from '../format.ts';
import { count } from './overview-numbers.tsx';

/** Each reason the abuse store counts (server/abuse/abuse-store.ts `BlockReason`), for an owner. */
const REASONS: Record<string, { name: string; meaning: string }> = {
  origin_not_allowed: {
    name: 'Origin not allowed',
    meaning:
      'Loaded or sent on a site the form does not list in its allowed origins: the form there said it cannot be sent.',
  },
  rate_limited: { name: 'Rate limited', meaning: 'Too many submissions from one address in a minute.' },
  validation: { name: 'Invalid answers', meaning: 'Answers or consents the form does not accept.' },
  honeypot: { name: 'Bot trap filled', meaning: 'A field hidden from people was filled in.' },
  too_fast: { name: 'Sent too fast', meaning: 'Submitted under 3 seconds after the form was loaded.' },
  no_proof: { name: 'No proof of work', meaning: 'Sent without the widget’s proof of work.' },
  bad_proof: { name: 'Forged proof of work', meaning: 'A proof of work that does not check out.' },
  expired_proof: { name: 'Expired proof of work', meaning: 'A proof of work past its time.' },
  spent_proof: { name: 'Reused proof of work', meaning: 'A proof of work already used once.' },
  other_form: { name: 'Proof for another form', meaning: 'A proof of work made for a different form.' },
};

export function RefusalsTable({ refused }: { refused: FunnelReport['refused'] }) {
  if (refused.total === 0) return <p class="muted">No submission was refused in these days.</p>;
  return (
    <table class="plain-table refusals-table">
      <caption class="visually-hidden">Refused submissions by reason</caption>
      <thead>
        <tr>
          <th scope="col">Reason</th>
          <th scope="col" class="col-num">
            Refused
          </th>
        </tr>
      </thead>
      <tbody>
        {refused.byReason.map((r) => {
          const known = REASONS[r.reason];
          return (
            <tr key={r.reason}>
              <td>
                <div class="refusal">
                  <span class="refusal-name">{known?.name ?? humanize(r.reason)}</span>
                  {known && <span class="muted small">{known.meaning}</span>}
                </div>
              </td>
              <td class="col-num">{count(r.count)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
