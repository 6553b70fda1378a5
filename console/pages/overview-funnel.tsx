/**
 * The funnel as a table whose rows carry their bar: views → starts → each step reached → submissions,
 * with the share of the stage before and of the views; then the submissions by tier. The table is the
 * text alternative of the bars (they are hidden from assistive technology).
 */
import { h } from 'preact';
import type { FunnelReport, FunnelStage } from '../../shared/analytics-api.ts';
import { Badge, tierTone } from '../components/badge.tsx';
import { humanize } from '../format.ts';
import { count, Percent } from './overview-numbers.tsx';

/** A stage in words, as an owner says it. */
export function stageName(s: Pick<FunnelStage, 'stage' | 'step'>): string {
  if (s.stage === 'view') return 'Viewed';
  if (s.stage === 'start') return 'Started';
  if (s.stage === 'step') return `Reached step ${s.step}`;
  return 'Submitted';
}

/** A bar, `share` (0…1) of its track. */
function Bar({ share, tone = 'accent' }: { share: number; tone?: 'accent' | 'muted' }) {
  const pct = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return (
    <svg class={`bar bar-${tone}`} width="100%" height="14" aria-hidden="true" focusable="false">
      <rect class="bar-track" width="100%" height="14" rx="3" />
      {share > 0 && <rect class="bar-fill" width={pct} height="14" rx="3" />}
    </svg>
  );
}

export function FunnelTable({ funnel }: { funnel: FunnelReport }) {
  const top = Math.max(1, ...funnel.stages.map((s) => s.count));
  return (
    <div class="funnel-wrap">
      <table class="funnel-table">
        <caption class="visually-hidden">The funnel, stage by stage</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" class="funnel-bar-col">
              <span class="visually-hidden">Bar</span>
            </th>
            <th scope="col" class="col-num">
              Count
            </th>
            <th scope="col" class="col-num">
              Of previous
            </th>
            <th scope="col" class="col-num">
              Of views
            </th>
          </tr>
        </thead>
        <tbody>
          {funnel.stages.map((s) => (
            <tr
              key={`${s.stage}-${s.step ?? 0}`}
              class={s.stage === 'submit' ? 'funnel-last' : s.stage === 'view' ? 'funnel-first' : undefined}
            >
              <th scope="row">{stageName(s)}</th>
              <td class="funnel-bar-col">
                <Bar share={s.count / top} />
              </td>
              <td class="col-num funnel-count">{count(s.count)}</td>
              <td class="col-num funnel-rate" data-label="Of previous">
                {s.stage === 'view' ? <span class="muted">—</span> : <Percent value={s.ofPrevious} />}
              </td>
              <td class="col-num funnel-rate" data-label="Of views">
                {s.stage === 'view' ? <span class="muted">—</span> : <Percent value={s.ofViews} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The leads of the range by tier, as kept now (erased leads are no longer counted here). */
export function TierTable({ funnel }: { funnel: FunnelReport }) {
  const total = funnel.tiers.reduce((n, t) => n + t.count, 0);
  if (total === 0) return <p class="muted">No lead of these days is stored.</p>;
  return (
    <table class="funnel-table tier-table">
      <caption class="visually-hidden">Leads by tier</caption>
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col" class="funnel-bar-col">
            <span class="visually-hidden">Bar</span>
          </th>
          <th scope="col" class="col-num">
            Leads
          </th>
          <th scope="col" class="col-num">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {funnel.tiers.map((t) => (
          <tr key={t.tier}>
            <th scope="row">
              <Badge tone={tierTone(t.tier)}>{humanize(t.tier)}</Badge>
            </th>
            <td class="funnel-bar-col">
              <Bar share={t.count / total} tone="muted" />
            </td>
            <td class="col-num funnel-count">{count(t.count)}</td>
            <td class="col-num funnel-rate" data-label="Share">
              <Percent value={t.count / total} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
