/** Every webhook message about a lead, where it went, and each attempt with its answer. */
import { h } from 'preact';
import type { DeliveryRecord, MessageRecord } from '../../shared/admin-api.ts';
import { Badge, type Tone } from '../components/badge.tsx';
import { formatTime } from '../format.ts';

const TONES: Record<DeliveryRecord['status'], Tone> = { delivered: 'good', pending: 'warn', failed: 'bad' };
const WORDS: Record<DeliveryRecord['status'], string> = {
  delivered: 'Delivered',
  pending: 'Pending',
  failed: 'Failed',
};

export function DeliveriesSection({ messages }: { messages: MessageRecord[] }) {
  const deliveries = messages.flatMap((m) => m.deliveries.map((d) => ({ m, d })));
  return (
    <section class="card card-wide" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Webhook deliveries</h2>
      {deliveries.length === 0 ? (
        <p class="muted">
          {messages.length === 0
            ? 'No webhook message was made about this lead.'
            : 'No webhook endpoint subscribed to the events about this lead.'}
        </p>
      ) : (
        deliveries.map(({ m, d }) => (
          <article class="delivery" key={`${m.id}-${d.endpointId}`}>
            <div class="delivery-head">
              <div>
                <h3>
                  <code>{m.type}</code>
                </h3>
                <p class="small muted break">
                  to {d.url} · <code>{m.id}</code> · {formatTime(m.createdAt, true)}
                </p>
              </div>
              <Badge tone={TONES[d.status]}>{WORDS[d.status]}</Badge>
            </div>
            {d.attempts.length === 0 ? (
              <p class="small muted">No attempt yet.</p>
            ) : (
              <table class="plain-table">
                <caption class="visually-hidden">
                  Attempts to send {m.type} to {d.url}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Attempt</th>
                    <th scope="col">Answer</th>
                    <th scope="col" class="col-num">
                      Time
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.attempts.map((a) => (
                    <tr key={a.attemptedAt}>
                      <td>{formatTime(a.attemptedAt, true)}</td>
                      <td>
                        {a.statusCode !== null ? <code>HTTP {a.statusCode}</code> : null}
                        {a.error && <span> {a.error}</span>}
                        {a.responseBody && (
                          <details class="body-details">
                            <summary>Response body</summary>
                            <pre class="break">{a.responseBody}</pre>
                          </details>
                        )}
                      </td>
                      <td class="col-num">{a.latencyMs} ms</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        ))
      )}
    </section>
  );
}
