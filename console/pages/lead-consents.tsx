/** A lead's consent proof: the decision, the exact text shown with its SHA-256, version, time, and history. */
import { Fragment, h } from 'preact';
import type { StoredConsent, StoredLead } from '../../shared/admin-api.ts';
import { Badge } from '../components/badge.tsx';
import { formatTime, humanize } from '../format.ts';

function state(c: StoredConsent) {
  if (c.grantedNow) return <Badge tone="good">Granted</Badge>;
  if (c.granted) return <Badge tone="warn">Withdrawn</Badge>;
  return <Badge>Not granted</Badge>;
}

export function ConsentsSection({ lead }: { lead: StoredLead }) {
  return (
    <section class="card card-wide" aria-labelledby="consents-title">
      <h2 id="consents-title">Consent proof</h2>
      {lead.consents.length === 0 ? (
        <p class="muted">This form asked for no consent.</p>
      ) : (
        lead.consents.map((c) => (
          <article class="consent" key={c.key} aria-labelledby={`consent-${c.key}`}>
            <div class="consent-head">
              <h3 id={`consent-${c.key}`}>{humanize(c.key)}</h3>
              {state(c)}
            </div>
            <p class="small muted">
              {c.granted ? 'Granted' : 'Not granted'} on {formatTime(c.recordedAt, true)}, form version{' '}
              {c.formVersion}. The exact text shown:
            </p>
            <blockquote class="consent-text break">{c.text}</blockquote>
            <dl class="pairs pairs-tight">
              <div class="pair">
                <dt>SHA-256 of the text</dt>
                <dd>
                  <code class="hash">{c.textSha256}</code>
                </dd>
              </div>
            </dl>
            {c.history.length > 0 && (
              <>
                <h4 class="small-heading">Since then</h4>
                <ol class="history">
                  {c.history.map((e) => (
                    <li key={e.recordedAt}>
                      <strong>{e.granted ? 'Granted again' : 'Withdrawn'}</strong> on{' '}
                      <time dateTime={e.recordedAt}>{formatTime(e.recordedAt, true)}</time>, by {e.source}
                      {e.note && <span class="break">: “{e.note}”</span>}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </article>
        ))
      )}
    </section>
  );
}
