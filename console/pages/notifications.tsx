/**
 * Email notifications: destinations (`mailto:` endpoints) per form, sent each lead and/or a daily digest,
 * through the SMTP server Leadgate is configured with; without one, adding is off and the page says why.
 */
import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord, NotificationStatus, WebhookEndpoint } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { Badge } from '../components/badge.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Link } from '../components/link.tsx';
import { Empty, Failure, Loading } from '../components/status.tsx';
import { takeFlash } from '../flash.ts';
import { text } from '../format.ts';
import type { PageProps } from '../pages.tsx';
import { useLoad } from '../use-api.ts';
import { healthOf, isEmail, recipientsOf, SaveError } from './webhook-parts.tsx';
import { loadEndpoints } from './webhooks.tsx';
import './webhooks.css';

const SENDS: Record<string, string> = { 'lead.created': 'Each lead', 'digest.daily': 'Daily digest' };

function AddDestination({
  forms,
  status,
  onAdded,
}: {
  forms: FormRecord[];
  status: NotificationStatus;
  onAdded: (message: string) => void;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const off = !status.email.available;
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const addresses = String(data.get('addresses') ?? '')
      .split(/[,;\s]+/)
      .filter(Boolean);
    const formId = String(data.get('formId') ?? '');
    const events = data.getAll('events').map(String);
    setBusy(true);
    setError(undefined);
    try {
      await api<WebhookEndpoint>('/v1/admin/webhooks', {
        method: 'POST',
        body: {
          url: `mailto:${addresses.join(',')}`,
          events,
          formIds: formId ? [formId] : null,
        },
      });
      form.reset();
      onAdded(`Email destination added: ${addresses.join(', ')}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="card endpoint-form"
      aria-labelledby="add-email-title"
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
    >
      <h2 id="add-email-title">Add an email destination</h2>
      <fieldset class="plain-fieldset" disabled={off} aria-describedby={off ? 'email-off' : undefined}>
        <div class="form-row">
          <div>
            <label class="label" for="email-addresses">
              Email addresses
            </label>
            <input
              id="email-addresses"
              class="input"
              name="addresses"
              required
              placeholder="owner@example.com, sales@example.com"
              aria-describedby="email-addresses-help"
            />
            <p class="help" id="email-addresses-help">
              One or more, separated by commas.
            </p>
          </div>
          <div>
            <label class="label" for="email-form">
              Form
            </label>
            <select id="email-form" class="input" name="formId">
              <option value="">Every form</option>
              {forms.map((f) => (
                <option key={f.id} value={f.id}>
                  {text(f.definition, f.definition.title)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset class="choices">
          <legend class="label">Send</legend>
          <label class="choice">
            <input type="checkbox" name="events" value="lead.created" defaultChecked />
            <span>
              An email for each lead, with its answers, tier and score <code class="muted">lead.created</code>
            </span>
          </label>
          <label class="choice">
            <input type="checkbox" name="events" value="digest.daily" />
            <span>
              A daily digest: yesterday’s leads counted per form and tier, nothing about a person{' '}
              <code class="muted">digest.daily</code>
            </span>
          </label>
        </fieldset>
        <SaveError error={error} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || off}>
            {busy ? 'Adding…' : 'Add email destination'}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

export function NotificationsPage(_: PageProps) {
  const [notice, setNotice] = useState(takeFlash);
  const [version, setVersion] = useState(0);
  const [tested, setTested] = useState('');
  const [error, setError] = useState<unknown>();
  const loaded = useLoad(
    () =>
      Promise.all([loadEndpoints(), api<NotificationStatus>('/v1/admin/notifications')]).then(
        ([[endpoints, forms], status]) => ({ endpoints, forms, status }),
      ),
    `notifications ${version}`,
  );
  useEffect(() => {
    document.title = 'Notifications · Leadgate';
  }, []);

  const sendTest = async (e: WebhookEndpoint) => {
    setError(undefined);
    try {
      await api(`/v1/admin/webhooks/${encodeURIComponent(e.id)}/test`, { method: 'POST' });
      setTested(`A test email is on its way to ${recipientsOf(e.url).join(', ')}.`);
    } catch (err) {
      setError(err);
    }
  };

  const data = loaded.data;
  const formTitle = (formId: string) => {
    const f = data?.forms.find((x) => x.id === formId);
    return f ? text(f.definition, f.definition.title) : formId;
  };
  const columns: Column<WebhookEndpoint>[] = [
    {
      header: 'Recipients',
      kind: 'primary',
      cell: (e) => (
        <Link to={`/webhooks/${encodeURIComponent(e.id)}`} class="row-link">
          {recipientsOf(e.url).join(', ')}
        </Link>
      ),
    },
    { header: 'Form', cell: (e) => (e.formIds ? e.formIds.map(formTitle).join(', ') : 'Every form') },
    {
      header: 'Sends',
      cell: (e) => (
        <span class="badges">
          {e.events.map((ev) => (
            <Badge key={ev} tone="accent">
              {SENDS[ev] ?? ev}
            </Badge>
          ))}
        </span>
      ),
    },
    {
      header: 'Status',
      cell: (e) => {
        const health = healthOf(e);
        return <Badge tone={health.tone}>{health.word}</Badge>;
      },
    },
    {
      header: 'Test',
      cell: (e) => (
        <button
          type="button"
          class="button button-small"
          aria-label={`Send a test email to ${recipientsOf(e.url).join(', ')}`}
          onClick={() => sendTest(e)}
        >
          Send a test email
        </button>
      ),
    },
  ];

  const emails = data?.endpoints.filter(isEmail) ?? [];
  return (
    <div class="page">
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1}>Notifications</h1>
          <p class="muted">
            Hear of new leads by email: one email per lead, or one a day with the previous day’s counts. Sent
            from the same outbox as webhooks, so they are retried and logged like them.
          </p>
        </div>
      </div>
      {notice && (
        <p class="notice notice-good" role="status">
          {notice}
        </p>
      )}
      {loaded.error !== undefined ? (
        <Failure error={loaded.error} />
      ) : !data ? (
        <Loading what="notifications" />
      ) : (
        <>
          {data.status.email.available ? (
            <p class="notice notice-good">
              Email is on: sent from <strong class="break">{data.status.email.from}</strong> through{' '}
              <code>{data.status.email.host}</code>.
            </p>
          ) : (
            <div class="notice notice-warn" id="email-off">
              <strong>Email is off.</strong>{' '}
              {data.status.email.reason
                .replace(/^Email notifications are off:\s*/, '')
                .replace(/^./, (c) => c.toUpperCase())}
            </div>
          )}
          <AddDestination
            forms={data.forms}
            status={data.status}
            onAdded={(message) => {
              setNotice(message);
              setVersion((v) => v + 1);
            }}
          />
          <p class="muted small" role="status">
            {tested}
          </p>
          <SaveError error={error} />
          {emails.length === 0 ? (
            <Empty title="No email destinations yet">
              <p>Add an address above to be told of each new lead, or of the day’s leads once a day.</p>
            </Empty>
          ) : (
            <DataTable caption="Email destinations" columns={columns} rows={emails} rowKey={(e) => e.id} />
          )}
        </>
      )}
    </div>
  );
}
