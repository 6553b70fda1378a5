/**
 * An endpoint's delivery log: the messages owed to it (by status; each one's deliveries to every endpoint,
 * and redelivering it), replaying what failed since a time, and every attempt with the response body, paged.
 */
import { type ComponentChildren, Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import type { AttemptLogEntry, EndpointMessage } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { Badge, type Tone } from '../components/badge.tsx';
import { Failure, Loading } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { useLoad } from '../use-api.ts';
import { SaveError } from './webhook-parts.tsx';

const STATUS_TONE: Record<EndpointMessage['status'], Tone> = {
  pending: 'warn',
  delivered: 'good',
  failed: 'bad',
};

/** A table that scrolls sideways on a narrow screen; focusable, so the keyboard can scroll it too. */
function ScrollX({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keys (WCAG 2.1.1)
    <section class="scroll-x" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** An attempt's outcome: the status code, or the error when there was no answer. */
function Outcome({ a }: { a: AttemptLogEntry }) {
  const ok = a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;
  return (
    <Badge tone={ok ? 'good' : 'bad'}>{a.statusCode === null ? 'No answer' : `HTTP ${a.statusCode}`}</Badge>
  );
}

/** The response body (first 4 KB), folded; or the error. */
function Response({ a }: { a: AttemptLogEntry }) {
  return (
    <>
      {a.error && <span class="error-inline break">{a.error}</span>}
      {a.responseBody ? (
        <details class="body-details">
          <summary>Response body</summary>
          <pre>{a.responseBody}</pre>
        </details>
      ) : (
        !a.error && <span class="muted">Empty body</span>
      )}
    </>
  );
}

function AttemptRows({ attempts, withEndpoint }: { attempts: AttemptLogEntry[]; withEndpoint?: boolean }) {
  return (
    <table class="plain-table log-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          {withEndpoint ? <th scope="col">Endpoint</th> : <th scope="col">Message</th>}
          <th scope="col">Result</th>
          <th scope="col" class="col-num">
            Latency
          </th>
          <th scope="col">Response</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={a.id}>
            <td class="col-nowrap" data-label="Time">
              <time dateTime={a.attemptedAt}>{formatTime(a.attemptedAt, true)}</time>
            </td>
            <td data-label={withEndpoint ? 'Endpoint' : 'Message'}>
              <code class="break">{withEndpoint ? a.endpointId : a.messageId}</code>
            </td>
            <td data-label="Result">
              <Outcome a={a} />
            </td>
            <td class="col-num" data-label="Latency">
              {a.latencyMs} ms
            </td>
            <td class="log-response" data-label="Response">
              <Response a={a} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every attempt to the endpoint, newest first, a page of 100 at a time. */
export function AttemptLog({ endpointId, refresh }: { endpointId: string; refresh: number }) {
  // The ids each shown page started before: the last is the current page, empty = the newest.
  const [pages, setPages] = useState<number[]>([]);
  const before = pages[pages.length - 1];
  const log = useLoad(
    () =>
      api<{ data: AttemptLogEntry[] }>(`/v1/admin/webhooks/${encodeURIComponent(endpointId)}/attempts`, {
        query: { before: before === undefined ? undefined : String(before) },
      }).then((r) => r.data),
    `${endpointId} ${before} ${refresh}`,
  );
  const attempts = log.data ?? [];
  const oldest = attempts[attempts.length - 1];
  return (
    <section class="card card-wide" aria-labelledby="attempts-title">
      <div class="card-head">
        <h2 id="attempts-title">Attempt log</h2>
        {pages.length > 0 && <span class="muted small">Older attempts</span>}
      </div>
      {log.error !== undefined ? (
        <Failure error={log.error} />
      ) : !log.data ? (
        <Loading what="attempts" />
      ) : attempts.length === 0 ? (
        <p class="muted">No attempts yet. Send a test event to see one here.</p>
      ) : (
        <ScrollX label="Attempts, newest first">
          <AttemptRows attempts={attempts} />
        </ScrollX>
      )}
      <nav class="pager" aria-label="Attempt log pages">
        {pages.length > 0 && (
          <button type="button" class="button" onClick={() => setPages([])}>
            ← Newest
          </button>
        )}
        {attempts.length >= 100 && oldest && (
          <button type="button" class="button" onClick={() => setPages([...pages, oldest.id])}>
            Older →
          </button>
        )}
      </nav>
    </section>
  );
}

/** One message's attempts to every endpoint. */
function MessageDeliveries({ messageId }: { messageId: string }) {
  const log = useLoad(
    () =>
      api<{ data: AttemptLogEntry[] }>(
        `/v1/admin/webhooks/messages/${encodeURIComponent(messageId)}/attempts`,
      ).then((r) => r.data),
    messageId,
  );
  return (
    <section class="message-deliveries" aria-label={`Attempts of ${messageId}`}>
      <h3>
        Attempts of <code>{messageId}</code>, to every endpoint
      </h3>
      {log.error !== undefined ? (
        <Failure error={log.error} />
      ) : !log.data ? (
        <Loading what="its attempts" />
      ) : log.data.length === 0 ? (
        <p class="muted">Not attempted yet.</p>
      ) : (
        <ScrollX label={`Attempts of ${messageId}, newest first`}>
          <AttemptRows attempts={log.data} withEndpoint />
        </ScrollX>
      )}
    </section>
  );
}

/** The messages owed to the endpoint; redelivering one; replaying the failed ones since a time. */
export function MessagesCard({
  endpointId,
  refresh,
  onQueued,
}: {
  endpointId: string;
  refresh: number;
  onQueued: () => void;
}) {
  const path = `/v1/admin/webhooks/${encodeURIComponent(endpointId)}`;
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const [said, setSaid] = useState('');
  const [error, setError] = useState<unknown>();
  const messages = useLoad(
    () => api<{ data: EndpointMessage[] }>(`${path}/messages`, { query: { status } }).then((r) => r.data),
    `${endpointId} ${status} ${refresh}`,
  );

  const redeliver = async (messageId: string) => {
    setError(undefined);
    try {
      await api(`${path}/messages/${encodeURIComponent(messageId)}/redeliver`, { method: 'POST' });
      setSaid(`${messageId} is queued to be sent again now.`);
      onQueued();
    } catch (err) {
      setError(err);
    }
  };
  const replay = async (form: HTMLFormElement) => {
    setError(undefined);
    const since = String(new FormData(form).get('since') ?? '');
    try {
      const { queued } = await api<{ queued: number }>(`${path}/replay`, {
        method: 'POST',
        body: { since: new Date(since).toISOString() },
      });
      setSaid(
        queued === 0
          ? 'No message failed for good since then: nothing to replay.'
          : `${queued} failed ${queued === 1 ? 'message is' : 'messages are'} queued to be sent again.`,
      );
      onQueued();
    } catch (err) {
      setError(err);
    }
  };
  // A day ago, as a datetime-local value in the owner's zone.
  const dayAgo = new Date(Date.now() - 86_400_000 - new Date().getTimezoneOffset() * 60_000)
    .toISOString()
    .slice(0, 16);

  return (
    <section class="card card-wide" aria-labelledby="messages-title">
      <div class="card-head">
        <h2 id="messages-title">Messages</h2>
        <div class="inline-field">
          <label for="message-status" class="label">
            Status
          </label>
          <select
            id="message-status"
            class="input input-narrow"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </select>
        </div>
      </div>
      <form
        class="replay"
        aria-label="Replay failed messages"
        onSubmit={(e) => {
          e.preventDefault();
          replay(e.currentTarget);
        }}
      >
        <div>
          <label for="replay-since" class="label">
            Replay messages that failed since
          </label>
          <input
            id="replay-since"
            class="input"
            type="datetime-local"
            name="since"
            required
            defaultValue={dayAgo}
          />
        </div>
        <button type="submit" class="button">
          Replay failed
        </button>
      </form>
      <p class="muted small" role="status">
        {said}
      </p>
      <SaveError error={error} />
      {messages.error !== undefined ? (
        <Failure error={messages.error} />
      ) : !messages.data ? (
        <Loading what="messages" />
      ) : messages.data.length === 0 ? (
        <p class="muted">{status ? `No ${status} messages.` : 'No messages yet.'}</p>
      ) : (
        <ScrollX label="Messages, newest first">
          <table class="plain-table log-table">
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col">Status</th>
                <th scope="col" class="col-num">
                  Attempts
                </th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.data.map((m) => (
                <tr key={m.messageId}>
                  <td data-label="Message">
                    <div>
                      <code class="break">{m.messageId}</code>
                      <div class="muted small">{m.eventType}</div>
                    </div>
                  </td>
                  <td data-label="Status">
                    <div>
                      <Badge tone={STATUS_TONE[m.status]}>{m.status}</Badge>
                      {m.lastError && m.status !== 'delivered' && (
                        <div class="muted small break">{m.lastError}</div>
                      )}
                    </div>
                  </td>
                  <td class="col-num" data-label="Attempts">
                    {m.attempts}
                  </td>
                  <td class="col-nowrap" data-label="Created">
                    <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                  </td>
                  <td class="log-actions">
                    <div class="row-actions">
                      <button
                        type="button"
                        class="button button-small"
                        aria-expanded={open === m.messageId}
                        aria-label={`Attempts of ${m.messageId}`}
                        onClick={() => setOpen(open === m.messageId ? undefined : m.messageId)}
                      >
                        Attempts
                      </button>
                      <button
                        type="button"
                        class="button button-small"
                        aria-label={`Redeliver ${m.messageId}`}
                        onClick={() => redeliver(m.messageId)}
                      >
                        Redeliver
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      {open && <MessageDeliveries key={`${open} ${refresh}`} messageId={open} />}
    </section>
  );
}
