/**
 * One endpoint: its health (last success, failing since, the circuit, why it was disabled), what it
 * subscribes to, editing, disabling and deleting it, its secret, a test event, and its delivery log.
 */
import { Fragment, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormRecord, WebhookEndpoint } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { Badge } from '../components/badge.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Link } from '../components/link.tsx';
import { Failure, Loading } from '../components/status.tsx';
import { flash, takeFlash } from '../flash.ts';
import { formatTime, text } from '../format.ts';
import type { PageProps } from '../pages.tsx';
import { navigate } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { EndpointForm } from './webhook-form.tsx';
import { AttemptLog, MessagesCard } from './webhook-log.tsx';
import { healthOf, isEmail, recipientsOf, SaveError, TimeOr } from './webhook-parts.tsx';
import { SecretCard } from './webhook-secret.tsx';
import './webhooks.css';

/** After a message is queued, the log is read again when its first attempt has likely been made. */
const REFRESH_AFTER_IN_MS = [1000, 4000];

export function WebhookPage({ params }: PageProps) {
  const id = params.id ?? '';
  const path = `/v1/admin/webhooks/${encodeURIComponent(id)}`;
  const [version, setVersion] = useState(0);
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState(takeFlash);
  const [error, setError] = useState<unknown>();
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const loaded = useLoad(
    () =>
      Promise.all([
        api<WebhookEndpoint>(path),
        api<{ data: FormRecord[] }>('/v1/admin/forms').then((r) => r.data),
      ]),
    `${id} ${version}`,
  );
  const endpoint = loaded.data?.[0];
  const forms = loaded.data?.[1] ?? [];
  const email = endpoint ? isEmail(endpoint) : false;
  const title = endpoint ? (email ? recipientsOf(endpoint.url).join(', ') : endpoint.url) : 'Endpoint';
  useEffect(() => {
    document.title = `${endpoint?.description || title} · Leadgate`;
  }, [title]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  useEffect(() => {
    if (editing) document.getElementById(`edit-${id}-url`)?.focus();
  }, [editing]);

  // The log and the health again, now and when the queued message has likely been tried.
  const queued = () => {
    setRefresh((r) => r + 1);
    for (const ms of REFRESH_AFTER_IN_MS)
      timers.current.push(
        setTimeout(() => {
          setRefresh((r) => r + 1);
          setVersion((v) => v + 1);
        }, ms),
      );
  };
  const act = async (run: () => Promise<string>) => {
    setError(undefined);
    try {
      setNotice(await run());
    } catch (err) {
      setError(err);
    }
  };
  const sendTest = () =>
    act(async () => {
      const { messageId } = await api<{ messageId: string }>(`${path}/test`, { method: 'POST' });
      queued();
      return email
        ? `A test email is on its way (${messageId}); its attempt appears in the log below.`
        : `A webhook.test event is on its way (${messageId}); its attempt appears in the log below.`;
    });
  const setEnabled = (enabled: boolean) =>
    act(async () => {
      await api(path, { method: 'PATCH', body: { enabled } });
      setVersion((v) => v + 1);
      return enabled
        ? 'Enabled: its failures are forgotten and what it is owed is sent again.'
        : 'Disabled: nothing is sent to it until you enable it.';
    });
  const remove = async () => {
    await api(path, { method: 'DELETE' });
    setDeleting(false);
    flash(`${title} was deleted.`);
    navigate(email ? '/notifications' : '/webhooks');
  };

  const health = endpoint && healthOf(endpoint);
  const formTitle = (formId: string) => {
    const f = forms.find((x) => x.id === formId);
    return f ? text(f.definition, f.definition.title) : formId;
  };
  return (
    <div class="page">
      <p class="back">
        {email ? <Link to="/notifications">← Notifications</Link> : <Link to="/webhooks">← Webhooks</Link>}
      </p>
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1} class="break">
            {title}
          </h1>
          {endpoint && (
            <p class="muted">
              {endpoint.description && <>{endpoint.description} · </>}
              <code>{endpoint.id}</code>
            </p>
          )}
        </div>
        {endpoint && (
          <div class="page-actions">
            <button type="button" class="button button-primary" onClick={sendTest}>
              {email ? 'Send a test email' : 'Send test event'}
            </button>
            {!email && !editing && (
              <button type="button" class="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            <button type="button" class="button" onClick={() => setEnabled(!endpoint.enabled)}>
              {endpoint.enabled ? 'Disable' : 'Enable'}
            </button>
            <button type="button" class="button button-danger" onClick={() => setDeleting(true)}>
              Delete…
            </button>
          </div>
        )}
      </div>
      {notice && (
        <p class="notice notice-good" role="status">
          {notice}
        </p>
      )}
      <SaveError error={error} />
      {loaded.error !== undefined ? (
        <Failure error={loaded.error} />
      ) : !endpoint || !health ? (
        <Loading what="the endpoint" />
      ) : (
        <>
          {editing && (
            <EndpointForm
              endpoint={endpoint}
              forms={forms}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                setNotice('Changes saved.');
                setVersion((v) => v + 1);
              }}
            />
          )}
          <div class="lead-grid">
            <section class="card" aria-labelledby="health-title">
              <h2 id="health-title">Health</h2>
              <p class="muted small">{health.why}</p>
              <dl class="pairs">
                <div class="pair">
                  <dt>Status</dt>
                  <dd>
                    <Badge tone={health.tone}>{health.word}</Badge>
                  </dd>
                </div>
                <div class="pair">
                  <dt>Last success</dt>
                  <dd>
                    <TimeOr iso={endpoint.lastSuccessAt} none="Never" />
                  </dd>
                </div>
                <div class="pair">
                  <dt>Failing since</dt>
                  <dd>
                    <TimeOr iso={endpoint.failingSince} none="Not failing" />
                  </dd>
                </div>
                <div class="pair">
                  <dt>Circuit</dt>
                  <dd>
                    {endpoint.circuitOpenUntil && Date.parse(endpoint.circuitOpenUntil) > Date.now() ? (
                      <>Open until {formatTime(endpoint.circuitOpenUntil, true)}</>
                    ) : (
                      <span class="muted">Closed</span>
                    )}
                  </dd>
                </div>
                <div class="pair">
                  <dt>Enabled</dt>
                  <dd>
                    {endpoint.enabled ? 'Yes' : 'No'}
                    {endpoint.disabledReason && <> ({endpoint.disabledReason})</>}
                  </dd>
                </div>
              </dl>
            </section>
            <div class="lead-column">
              <section class="card" aria-labelledby="subscription-title">
                <h2 id="subscription-title">Subscription</h2>
                <dl class="pairs">
                  <div class="pair">
                    <dt>Events</dt>
                    <dd class="break">{endpoint.events.join(', ')}</dd>
                  </div>
                  <div class="pair">
                    <dt>Forms</dt>
                    <dd>{endpoint.formIds ? endpoint.formIds.map(formTitle).join(', ') : 'Every form'}</dd>
                  </div>
                  {!email && (
                    <div class="pair">
                      <dt>Headers</dt>
                      <dd class="break">
                        {Object.keys(endpoint.headers).length === 0 ? (
                          <span class="muted">None</span>
                        ) : (
                          Object.keys(endpoint.headers).join(', ')
                        )}
                      </dd>
                    </div>
                  )}
                  <div class="pair">
                    <dt>Added</dt>
                    <dd>
                      <time dateTime={endpoint.createdAt}>{formatTime(endpoint.createdAt)}</time>
                    </dd>
                  </div>
                </dl>
              </section>
              {!email && <SecretCard endpointId={endpoint.id} />}
            </div>
            <MessagesCard endpointId={endpoint.id} refresh={refresh} onQueued={queued} />
            <AttemptLog endpointId={endpoint.id} refresh={refresh} />
          </div>
          <ConfirmDialog
            open={deleting}
            title={email ? 'Delete this email destination?' : 'Delete this endpoint?'}
            confirmLabel="Delete"
            onConfirm={remove}
            onClose={() => setDeleting(false)}
          >
            <p>
              <strong class="break">{title}</strong> gets no more events, and the messages still owed to it
              are dropped with its log. This cannot be undone.
            </p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
