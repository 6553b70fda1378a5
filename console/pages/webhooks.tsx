/** The webhook endpoints: each with its health and last success; adding one. Email destinations are under Notifications. */
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord, WebhookEndpoint } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { Badge } from '../components/badge.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Link } from '../components/link.tsx';
import { Empty, Failure, Loading } from '../components/status.tsx';
import { flash, takeFlash } from '../flash.ts';
import type { PageProps } from '../pages.tsx';
import { navigate } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { EndpointForm } from './webhook-form.tsx';
import { healthOf, isEmail, TimeOr } from './webhook-parts.tsx';
import './webhooks.css';

/** Every endpoint and the forms, loaded together for the list and the form. */
export const loadEndpoints = () =>
  Promise.all([
    api<{ data: WebhookEndpoint[] }>('/v1/admin/webhooks').then((r) => r.data),
    api<{ data: FormRecord[] }>('/v1/admin/forms').then((r) => r.data),
  ]);

export function WebhooksPage(_: PageProps) {
  const [notice] = useState(takeFlash);
  const [adding, setAdding] = useState(false);
  const loaded = useLoad(loadEndpoints, 'endpoints');
  useEffect(() => {
    document.title = 'Webhooks · Leadgate';
  }, []);
  useEffect(() => {
    if (adding) document.getElementById('new-endpoint-url')?.focus();
  }, [adding]);

  const columns: Column<WebhookEndpoint>[] = [
    {
      header: 'Endpoint',
      kind: 'primary',
      cell: (e) => (
        <div class="lead-cell">
          <Link to={`/webhooks/${encodeURIComponent(e.id)}`} class="row-link">
            {e.url}
          </Link>
          {e.description && <span class="muted">{e.description}</span>}
        </div>
      ),
    },
    { header: 'Events', cell: (e) => <span class="break">{e.events.join(', ')}</span> },
    {
      header: 'Health',
      cell: (e) => {
        const health = healthOf(e);
        return (
          <span title={health.why}>
            <Badge tone={health.tone}>{health.word}</Badge>
          </span>
        );
      },
    },
    {
      header: 'Last success',
      kind: 'nowrap',
      cell: (e) => <TimeOr iso={e.lastSuccessAt} none="Never" />,
    },
  ];

  const [endpoints, forms] = loaded.data ?? [[], []];
  const hooks = endpoints.filter((e) => !isEmail(e));
  return (
    <div class="page">
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1}>Webhooks</h1>
          <p class="muted">
            Signed POSTs to your tools for each lead event, retried until they succeed. Email destinations are
            under <Link to="/notifications">Notifications</Link>.
          </p>
        </div>
        {!adding && (
          <div class="page-actions">
            <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
              Add endpoint
            </button>
          </div>
        )}
      </div>
      {notice && (
        <p class="notice notice-good" role="status">
          {notice}
        </p>
      )}
      {adding && (
        <EndpointForm
          forms={forms}
          onCancel={() => setAdding(false)}
          onSaved={(saved) => {
            flash('Endpoint added. Send it a test event, and give its signing secret to your receiver.');
            navigate(`/webhooks/${encodeURIComponent(saved.id)}`);
          }}
        />
      )}
      {loaded.error !== undefined ? (
        <Failure error={loaded.error} />
      ) : !loaded.data ? (
        <Loading what="endpoints" />
      ) : hooks.length === 0 ? (
        <Empty title="No webhook endpoints yet">
          <p>
            Add your CRM’s or your own receiver’s URL: every lead is sent to it as soon as it is stored,
            signed so that the receiver can tell it came from here.
          </p>
        </Empty>
      ) : (
        <DataTable caption="Webhook endpoints" columns={columns} rows={hooks} rowKey={(e) => e.id} />
      )}
    </div>
  );
}
