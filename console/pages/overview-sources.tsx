/**
 * Where the views came from: one breakdown at a time (UTM source, medium, campaign, referrer domain),
 * the top rows and the rest folded into one, which opens on request.
 */
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import type { Breakdown, BreakdownReport, FunnelSummary } from '../../shared/analytics-api.ts';
import { BREAKDOWNS } from '../../shared/analytics-api.ts';
import { withQuery } from '../api.ts';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Link } from '../components/link.tsx';
import { count, Percent } from './overview-numbers.tsx';

/** Rows shown before the rest is folded. */
export const TOP_ROWS = 8;

export const BREAKDOWN_NAMES: Record<Breakdown, string> = {
  utm_source: 'Source',
  utm_medium: 'Medium',
  utm_campaign: 'Campaign',
  referrer: 'Referrer',
};

type Row = FunnelSummary & { key: string; label: string; quiet?: boolean };

/** A value as shown: visits without one, and the ones past the per-day cap, in words. */
function labelOf(by: Breakdown, value: string | null): { label: string; quiet?: boolean } {
  if (value === null) return { label: by === 'referrer' ? 'None (direct or hidden)' : 'None', quiet: true };
  if (value === '(other)') return { label: 'Others (past 500 a day)', quiet: true };
  return { label: value };
}

const sumOf = (rows: FunnelSummary[]): FunnelSummary => {
  const views = rows.reduce((n, r) => n + r.views, 0);
  const submissions = rows.reduce((n, r) => n + r.submissions, 0);
  return {
    views,
    starts: rows.reduce((n, r) => n + r.starts, 0),
    submissions,
    conversion: views > 0 ? submissions / views : null,
  };
};

export function SourcesTable({
  report,
  by,
  hrefFor,
}: {
  report: BreakdownReport | undefined;
  by: Breakdown;
  /** The page's own address with another breakdown. */
  hrefFor: (by: Breakdown) => string;
}) {
  const [open, setOpen] = useState(false);
  const rows: Row[] = (report?.rows ?? []).map((r) => ({
    ...r,
    key: r.value ?? '',
    ...labelOf(by, r.value),
  }));
  const folded = !open && rows.length > TOP_ROWS + 1;
  const shown = folded ? rows.slice(0, TOP_ROWS) : rows;
  const rest = rows.slice(TOP_ROWS);
  if (folded) {
    shown.push({ ...sumOf(rest), key: '\u0000rest', label: `${rest.length} more`, quiet: true });
  }
  const columns: Column<Row>[] = [
    {
      header: BREAKDOWN_NAMES[by],
      kind: 'primary',
      cell: (r) => <span class={r.quiet ? 'muted break' : 'break'}>{r.label}</span>,
    },
    { header: 'Views', kind: 'num', cell: (r) => count(r.views) },
    { header: 'Starts', kind: 'num', cell: (r) => count(r.starts) },
    { header: 'Submissions', kind: 'num', cell: (r) => count(r.submissions) },
    { header: 'Conversion', kind: 'num', cell: (r) => <Percent value={r.conversion} /> },
  ];
  return (
    <div class="sources">
      <nav class="segmented" aria-label="Break down by">
        {BREAKDOWNS.map((b) => (
          <Link key={b} to={hrefFor(b)} class="segment" current={b === by}>
            {BREAKDOWN_NAMES[b]}
          </Link>
        ))}
      </nav>
      {report === undefined ? null : rows.length === 0 ? (
        <p class="muted">Nothing was counted in these days.</p>
      ) : (
        <>
          <DataTable
            caption={`Views, starts and submissions by ${BREAKDOWN_NAMES[by].toLowerCase()}`}
            columns={columns}
            rows={shown}
            rowKey={(r) => r.key}
          />
          {rows.length > TOP_ROWS + 1 && (
            <button type="button" class="button button-quiet fold-toggle" onClick={() => setOpen(!open)}>
              {open ? `Show the top ${TOP_ROWS}` : `Show all ${rows.length}`}
            </button>
          )}
        </>
      )}
    </div>
  );
}

/** The page's query with another breakdown. */
export const withBreakdown = (path: string, query: Record<string, string | undefined>, by: Breakdown) =>
  withQuery(path, { ...query, by: by === 'utm_source' ? undefined : by });
