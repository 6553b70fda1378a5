/** Every form: live or archived, its version, the last 30 days' views, submissions and conversion, and its sites. */
import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Link } from '../components/link.tsx';
import { Empty, Failure, Loading } from '../components/status.tsx';
import { takeFlash } from '../flash.ts';
import { text } from '../format.ts';
import { useLoad } from '../use-api.ts';
import { OriginsSummary, refusesEverySite, StatusBadge } from './form-status.tsx';
import './forms.css';

/** `GET /v1/admin/analytics/funnel` without a form: the figures per form. */
type FunnelForms = {
  forms: { formId: string; views: number; submissions: number; conversion: number | null }[];
};
type Row = FormRecord & { views?: number; submissions?: number; conversion?: number | null };

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

async function loadForms(): Promise<Row[]> {
  const [forms, funnel] = await Promise.all([
    api<{ data: FormRecord[] }>('/v1/admin/forms').then((r) => r.data),
    // The figures are a bonus: the list shows without them.
    api<FunnelForms>('/v1/admin/analytics/funnel').catch(() => undefined),
  ]);
  return forms.map((f) => {
    const figures = funnel?.forms.find((x) => x.formId === f.id);
    return figures
      ? { ...f, views: figures.views, submissions: figures.submissions, conversion: figures.conversion }
      : { ...f, ...(funnel ? { views: 0, submissions: 0, conversion: null } : {}) };
  });
}

const number = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString());

export function FormsPage() {
  const [notice] = useState(takeFlash);
  useEffect(() => {
    document.title = 'Forms · Leadgate';
  }, []);
  const forms = useLoad(loadForms, 'forms');
  const rows = forms.data ?? [];
  const columns: Column<Row>[] = [
    {
      header: 'Form',
      kind: 'primary',
      cell: (f) => (
        <div class="lead-cell">
          <Link to={`/forms/${encodeURIComponent(f.id)}`} class="row-link">
            {text(f.definition, f.definition.title)}
          </Link>
          <code class="muted small">{f.id}</code>
        </div>
      ),
    },
    { header: 'Status', cell: (f) => <StatusBadge form={f} /> },
    { header: 'Version', kind: 'num', cell: (f) => f.version },
    { header: 'Views, 30 days', kind: 'num', cell: (f) => number(f.views) },
    { header: 'Submissions, 30 days', kind: 'num', cell: (f) => number(f.submissions) },
    {
      header: 'Conversion',
      kind: 'num',
      cell: (f) => (f.conversion === null || f.conversion === undefined ? '—' : percent.format(f.conversion)),
    },
    { header: 'Sites', cell: (f) => <OriginsSummary def={f.definition} /> },
  ];
  const refusing = rows.filter((f) => !f.archivedAt && refusesEverySite(f.definition));
  return (
    <div class="page">
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1}>Forms</h1>
          <p class="muted">
            Each change to a form is a new version; leads keep the version they were filled on.
          </p>
        </div>
        <div class="page-actions">
          <Link to="/forms/new" class="button button-primary">
            New form
          </Link>
        </div>
      </div>
      {notice && (
        <p class="notice notice-good" role="status">
          {notice}
        </p>
      )}
      {refusing.length > 0 && (
        <div class="notice notice-warn" role="note">
          <strong>
            {refusing.length === 1 ? 'One live form refuses' : `${refusing.length} live forms refuse`} every
            other site.
          </strong>{' '}
          With no allowed origins, a form takes submissions only from this server's own pages:{' '}
          {refusing.map((f, i) => (
            <Fragment key={f.id}>
              {i > 0 && ', '}
              <Link to={`/forms/${encodeURIComponent(f.id)}?tab=origins`}>{f.id}</Link>
            </Fragment>
          ))}
          .
        </div>
      )}
      {forms.error !== undefined ? (
        <Failure error={forms.error} />
      ) : forms.loading && !forms.data ? (
        <Loading what="forms" />
      ) : rows.length === 0 ? (
        <Empty title="No forms yet">
          <p>Create one from a template or from your own JSON.</p>
        </Empty>
      ) : (
        <DataTable caption="Forms" columns={columns} rows={rows} rowKey={(f) => f.id} />
      )}
    </div>
  );
}
