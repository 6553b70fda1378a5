/** Every form's views, starts, submissions and conversion in the range; a form's name opens its own overview. */
import { h } from 'preact';
import type { FormRecord } from '../../shared/admin-api.ts';
import type { FunnelReport, FunnelSummary } from '../../shared/analytics-api.ts';
import { Badge } from '../components/badge.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Link } from '../components/link.tsx';
import { text } from '../format.ts';
import { count, Percent } from './overview-numbers.tsx';

type Row = FunnelSummary & { formId: string; title: string; archived: boolean };

export function FormsTable({
  funnel,
  forms,
  hrefFor,
}: {
  funnel: FunnelReport;
  forms: FormRecord[];
  hrefFor: (formId: string) => string;
}) {
  const counted = new Map((funnel.forms ?? []).map((f) => [f.formId, f]));
  const none = { views: 0, starts: 0, submissions: 0, conversion: null };
  // Every live form (with zeros when nothing was counted), and archived ones only if they counted something.
  const rows: Row[] = forms
    .filter((f) => !f.archivedAt || counted.has(f.id))
    .map((f) => ({
      ...(counted.get(f.id) ?? none),
      formId: f.id,
      title: text(f.definition, f.definition.title),
      archived: f.archivedAt !== null,
    }));
  for (const [formId, summary] of counted) {
    if (!rows.some((r) => r.formId === formId))
      rows.push({ ...summary, formId, title: formId, archived: true });
  }
  rows.sort((a, b) => b.views - a.views || b.submissions - a.submissions || a.title.localeCompare(b.title));
  const columns: Column<Row>[] = [
    {
      header: 'Form',
      kind: 'primary',
      cell: (r) => (
        <div class="lead-cell">
          <Link to={hrefFor(r.formId)} class="row-link">
            {r.title}
          </Link>
          <span class="muted small">
            <code>{r.formId}</code> {r.archived && <Badge>Archived</Badge>}
          </span>
        </div>
      ),
    },
    { header: 'Views', kind: 'num', cell: (r) => count(r.views) },
    { header: 'Starts', kind: 'num', cell: (r) => count(r.starts) },
    { header: 'Submissions', kind: 'num', cell: (r) => count(r.submissions) },
    { header: 'Conversion', kind: 'num', cell: (r) => <Percent value={r.conversion} /> },
  ];
  if (rows.length === 0) return <p class="muted">No form yet.</p>;
  return (
    <DataTable caption="Each form in these days" columns={columns} rows={rows} rowKey={(r) => r.formId} />
  );
}
