/**
 * The Overview, the console's home: for one form or all, over the days chosen, how many saw the form,
 * started it, reached each step and submitted it (and in which tier), per day, from which sources, and
 * what was refused. Everything comes from the admin analytics routes; the page's state is its URL.
 */
import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord } from '../../shared/admin-api.ts';
import type { BreakdownReport, DailyReport, FunnelReport } from '../../shared/analytics-api.ts';
import { api, withQuery } from '../api.ts';
import { Empty, Failure, Loading } from '../components/status.tsx';
import { text } from '../format.ts';
import type { PageProps } from '../pages.tsx';
import { useLoad } from '../use-api.ts';
import { DailyChart } from './overview-daily.tsx';
import { FormsTable } from './overview-forms.tsx';
import { FunnelTable, TierTable } from './overview-funnel.tsx';
import { count, percent } from './overview-numbers.tsx';
import { daysIn, formatDay, queryOf, type Range, rangeOf } from './overview-range.ts';
import { RangeBar } from './overview-range-bar.tsx';
import { RefusalsTable } from './overview-refusals.tsx';
import { SourcesTable, withBreakdown } from './overview-sources.tsx';
import './overview.css';

export const OVERVIEW_PATH = '/overview';
const ANALYTICS = '/v1/admin/analytics';

export function OverviewPage({ query }: PageProps) {
  useEffect(() => {
    document.title = 'Overview · Leadgate';
  }, []);
  const [refreshes, setRefreshes] = useState(0);
  const range = rangeOf(query);
  const apiRange = { formId: range.formId, since: range.since, until: range.until };
  const rangeKey = `${range.formId ?? ''}/${range.since}/${range.until}/${refreshes}`;
  const forms = useLoad(
    () => api<{ data: FormRecord[] }>('/v1/admin/forms').then((r) => r.data),
    `forms/${refreshes}`,
  );
  const funnel = useLoad(() => api<FunnelReport>(`${ANALYTICS}/funnel`, { query: apiRange }), rangeKey);
  const daily = useLoad(() => api<DailyReport>(`${ANALYTICS}/daily`, { query: apiRange }), rangeKey);
  const sources = useLoad(
    () => api<BreakdownReport>(`${ANALYTICS}/breakdown`, { query: { ...apiRange, by: range.by } }),
    `${rangeKey}/${range.by}`,
  );

  const formList = forms.data ?? [];
  const titleOf = (id: string) => {
    const f = formList.find((x) => x.id === id);
    return f ? text(f.definition, f.definition.title) : id;
  };
  const scope = range.formId ? titleOf(range.formId) : 'All forms';
  const days = daysIn(range.since, range.until);
  const span = `${formatDay(range.since, true)} – ${formatDay(range.until, true)}`;
  const error = funnel.error ?? daily.error;
  const f = funnel.data;
  const empty = f !== undefined && f.views === 0 && f.submissions === 0 && f.refused.total === 0;
  const hrefWith = (r: Partial<Range>) => withQuery(OVERVIEW_PATH, queryOf({ ...range, ...r }));

  return (
    <div class="page overview">
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1}>Overview</h1>
          <p class="muted">
            {scope} · {days === 1 ? '1 day' : `${days} days`}, {span} (UTC)
          </p>
        </div>
        <div class="page-actions">
          <button type="button" class="button" onClick={() => setRefreshes(refreshes + 1)}>
            Refresh
          </button>
        </div>
      </div>
      <RangeBar key={query.toString()} range={range} forms={formList} hrefWith={hrefWith} />
      {error !== undefined ? (
        <Failure error={error} />
      ) : f === undefined ? (
        <Loading what="the overview" />
      ) : empty ? (
        <FirstView formId={range.formId ?? formList.find((x) => !x.archivedAt)?.id ?? 'demo-ebook'} />
      ) : (
        <>
          <section aria-labelledby="totals-title">
            <h2 id="totals-title" class="visually-hidden">
              Totals
            </h2>
            <dl class="kpis">
              <Kpi label="Views" value={count(f.views)} />
              <Kpi
                label="Starts"
                value={count(f.starts)}
                note={`${percent(rate(f.starts, f.views))} of views`}
              />
              <Kpi label="Submissions" value={count(f.submissions)} />
              <Kpi label="Conversion" value={percent(f.conversion)} note="submissions per view" />
              <Kpi
                label="Refused"
                value={count(f.refused.total)}
                note={f.refused.total === 0 ? 'none' : 'see the reasons below'}
              />
            </dl>
          </section>
          <div class="overview-grid">
            <section class="card" aria-labelledby="funnel-title">
              <h2 id="funnel-title">Funnel</h2>
              <FunnelTable funnel={f} />
            </section>
            <section class="card" aria-labelledby="daily-title">
              <h2 id="daily-title">Per day</h2>
              {daily.data ? <DailyChart days={daily.data.days} /> : <Loading what="the days" />}
            </section>
            <section class="card card-wide" aria-labelledby="sources-title">
              <h2 id="sources-title">Where views came from</h2>
              {sources.error !== undefined ? (
                <Failure error={sources.error} />
              ) : (
                <SourcesTable
                  report={sources.data}
                  by={range.by}
                  hrefFor={(by) => withBreakdown(OVERVIEW_PATH, queryOf(range), by)}
                />
              )}
            </section>
            <section class="card" aria-labelledby="tiers-title">
              <h2 id="tiers-title">Leads by tier</h2>
              <TierTable funnel={f} />
            </section>
            <section class="card" aria-labelledby="refused-title">
              <h2 id="refused-title">Refused submissions</h2>
              <RefusalsTable refused={f.refused} />
            </section>
            {!range.formId && (
              <section class="card card-wide" aria-labelledby="forms-title">
                <h2 id="forms-title">Forms</h2>
                <FormsTable funnel={f} forms={formList} hrefFor={(formId) => hrefWith({ formId })} />
              </section>
            )}
          </div>
        </>
      )}
    </div>
  );
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function Kpi({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="kpi">
      <dt class="kpi-label">{label}</dt>
      <dd class="kpi-value">{value}</dd>
      {note && <dd class="kpi-note muted small">{note}</dd>}
    </div>
  );
}

/** Nothing counted yet: how to get the first view. */
function FirstView({ formId }: { formId: string }) {
  const tag = `<script src="${location.origin}/widget.js?form=${formId}" data-leadgate-form="${formId}"></script>`;
  return (
    <Empty title="No views in these days yet">
      <p>
        A view is counted when a form is shown on a page, a start at its first answer, a submission when a
        lead is stored. To see the first ones, paste the form’s tag into a page of your site:
      </p>
      <pre class="snippet">
        <code>{tag}</code>
      </pre>
      <p>
        Or open the <a href="/demo">demo page</a>, where the demo form is already in place, and fill it in;
        then come back and refresh.
      </p>
    </Empty>
  );
}
