/** The inbox: every lead, newest first, found by words, form, tier, consent and date; exported as filtered. */
import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord, LeadPage, StoredLead } from '../../shared/admin-api.ts';
import { api, withQuery } from '../api.ts';
import { Badge, tierTone } from '../components/badge.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { FilterBar, FilterField } from '../components/filter-bar.tsx';
import { Link } from '../components/link.tsx';
import { Empty, Failure, Loading } from '../components/status.tsx';
import { takeFlash } from '../flash.ts';
import { formatTime, humanize, text } from '../format.ts';
import type { PageProps } from '../pages.tsx';
import { navigate } from '../router.ts';
import { useLoad } from '../use-api.ts';

const PAGE_SIZE = 25;
/** The inbox's own query parameters (in the page's URL). */
const FILTERS = ['q', 'form', 'tier', 'consent', 'from', 'to'] as const;

// A day picked in a date input, as the start or the end of that day where the owner is.
const startOfDay = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const endOfDay = (day: string) =>
  new Date(new Date(`${day}T00:00:00`).getTime() + 86_400_000 - 1).toISOString();

/** The admin API's filter for the page's query. */
function apiFilter(query: URLSearchParams): Record<string, string | undefined> {
  const get = (k: string) => query.get(k) ?? undefined;
  const from = get('from');
  const to = get('to');
  return {
    q: get('q'),
    formId: get('form'),
    tier: get('tier'),
    consent: get('consent'),
    since: from ? startOfDay(from) : undefined,
    until: to ? endOfDay(to) : undefined,
  };
}

const nameOf = (lead: StoredLead) => {
  const name = lead.answers.name;
  return typeof name === 'string' ? name : '';
};

export function LeadsPage({ query }: PageProps) {
  const [notice] = useState(takeFlash);
  useEffect(() => {
    document.title = 'Leads · Leadgate';
  }, []);
  const forms = useLoad(() => api<{ data: FormRecord[] }>('/v1/admin/forms').then((r) => r.data), 'forms');
  const filter = apiFilter(query);
  const cursor = query.get('cursor') ?? undefined;
  const key = query.toString();
  const leads = useLoad(
    () => api<LeadPage>('/v1/admin/leads', { query: { ...filter, cursor, limit: String(PAGE_SIZE) } }),
    key,
  );

  const formList = forms.data ?? [];
  const titleOf = (formId: string) => {
    const f = formList.find((x) => x.id === formId);
    return f ? text(f.definition, f.definition.title) : formId;
  };
  const chosenForm = formList.find((f) => f.id === query.get('form'));
  const scope = chosenForm ? [chosenForm] : formList;
  const tiers = [...new Set(scope.flatMap((f) => f.definition.tiers.map((t) => t.name)))];
  const consents = [...new Set(scope.flatMap((f) => (f.definition.consents ?? []).map((c) => c.key)))];
  const filtered = FILTERS.some((k) => query.get(k));

  const apply = (values: Record<string, string>) => navigate(withQuery('/leads', values));
  const exportHref = (format: string) => withQuery('/v1/admin/leads/export', { ...filter, format });

  const columns: Column<StoredLead>[] = [
    {
      header: 'Lead',
      kind: 'primary',
      cell: (l) => (
        <div class="lead-cell">
          <Link to={`/leads/${encodeURIComponent(l.id)}`} class="row-link">
            {typeof l.answers.email === 'string' ? l.answers.email : l.id}
          </Link>
          {nameOf(l) && <span class="muted">{nameOf(l)}</span>}
        </div>
      ),
    },
    { header: 'Form', cell: (l) => titleOf(l.formId) },
    { header: 'Tier', cell: (l) => <Badge tone={tierTone(l.tier)}>{humanize(l.tier)}</Badge> },
    { header: 'Score', kind: 'num', cell: (l) => l.score },
    {
      header: 'Received',
      kind: 'nowrap',
      cell: (l) => <time dateTime={l.createdAt}>{formatTime(l.createdAt)}</time>,
    },
  ];

  return (
    <div class="page">
      <div class="page-header">
        <h1 tabIndex={-1}>Leads</h1>
        <div class="page-actions">
          <a class="button" href={exportHref('csv')} download>
            Export CSV
          </a>
          <a class="button" href={exportHref('ndjson')} download>
            Export NDJSON
          </a>
        </div>
      </div>
      {notice && (
        <p class="notice notice-good" role="status">
          {notice}
        </p>
      )}
      <FilterBar
        key={key}
        label="Filter leads"
        onApply={apply}
        actions={
          <>
            <button type="submit" class="button button-primary">
              Search
            </button>
            {filtered && (
              <Link to="/leads" class="button button-quiet">
                Clear filters
              </Link>
            )}
          </>
        }
      >
        <FilterField label="Email or name" id="filter-q" wide>
          <input
            id="filter-q"
            class="input"
            type="search"
            name="q"
            defaultValue={query.get('q') ?? ''}
            placeholder="ada@example.com"
          />
        </FilterField>
        <FilterField label="Form" id="filter-form">
          <select id="filter-form" class="input" name="form" defaultValue={query.get('form') ?? ''}>
            <option value="">All forms</option>
            {formList.map((f) => (
              <option key={f.id} value={f.id}>
                {text(f.definition, f.definition.title)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Tier" id="filter-tier">
          <select id="filter-tier" class="input" name="tier" defaultValue={query.get('tier') ?? ''}>
            <option value="">All tiers</option>
            {tiers.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Consent" id="filter-consent" wide>
          <select id="filter-consent" class="input" name="consent" defaultValue={query.get('consent') ?? ''}>
            <option value="">Any</option>
            {consents.flatMap((c) => [
              <option key={`${c}:granted`} value={`${c}:granted`}>
                {humanize(c)}: granted
              </option>,
              <option key={`${c}:not_granted`} value={`${c}:not_granted`}>
                {humanize(c)}: not granted
              </option>,
            ])}
          </select>
        </FilterField>
        <FilterField label="From" id="filter-from">
          <input
            id="filter-from"
            class="input"
            type="date"
            name="from"
            defaultValue={query.get('from') ?? ''}
          />
        </FilterField>
        <FilterField label="To" id="filter-to">
          <input id="filter-to" class="input" type="date" name="to" defaultValue={query.get('to') ?? ''} />
        </FilterField>
      </FilterBar>

      {leads.error !== undefined ? (
        <Failure error={leads.error} />
      ) : !leads.data ? (
        <Loading what="leads" />
      ) : leads.data.data.length === 0 ? (
        filtered || cursor ? (
          <Empty title="No leads match these filters">
            <p>
              <Link to="/leads">Clear the filters</Link> to see every lead.
            </p>
          </Empty>
        ) : (
          <Empty title="No leads yet">
            <p>
              Leads appear here as visitors submit your forms. Paste a form’s script tag into a page, or try
              the demo form at <a href="/demo">/demo</a>.
            </p>
          </Empty>
        )
      ) : (
        <>
          <p class="muted result-count" role="status">
            {leads.data.data.length === PAGE_SIZE || cursor
              ? `Showing ${leads.data.data.length} leads${cursor ? ', older page' : ''}`
              : `${leads.data.data.length} ${leads.data.data.length === 1 ? 'lead' : 'leads'}`}
          </p>
          <DataTable
            caption="Leads, newest first"
            columns={columns}
            rows={leads.data.data}
            rowKey={(l) => l.id}
          />
          <nav class="pager" aria-label="Pages">
            {cursor && (
              <Link
                to={withQuery(
                  '/leads',
                  Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? undefined])),
                )}
                class="button"
              >
                ← Newest
              </Link>
            )}
            {leads.data.nextCursor && (
              <Link
                to={withQuery('/leads', {
                  ...Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? undefined])),
                  cursor: leads.data.nextCursor,
                })}
                class="button"
              >
                Older →
              </Link>
            )}
          </nav>
        </>
      )}
    </div>
  );
}
