/** Views, starts and submissions per day: a line chart, and the same numbers in a table beneath it. */
import { h } from 'preact';
import type { DailyCounts } from '../../shared/analytics-api.ts';
import { ChartLegend, LineChart, type LineSeries } from '../components/chart-lines.tsx';
import { count } from './overview-numbers.tsx';
import { formatDay } from './overview-range.ts';

const SERIES = [
  { key: 'views', label: 'Views', one: 'view', class: 'chart-series-1' },
  { key: 'starts', label: 'Starts', one: 'start', class: 'chart-series-2' },
  { key: 'submissions', label: 'Submissions', one: 'submission', class: 'chart-series-3' },
] as const;

/** `1 view`, `12 views`. */
const counted = (n: number, s: (typeof SERIES)[number]) =>
  `${count(n)} ${n === 1 ? s.one : s.label.toLowerCase()}`;

export function DailyChart({ days }: { days: DailyCounts[] }) {
  const series: LineSeries[] = SERIES.map((s) => ({
    label: s.label,
    class: s.class,
    values: days.map((d) => d[s.key]),
  }));
  const first = days[0];
  const last = days.at(-1);
  const totals = SERIES.map(
    (s) => `${count(days.reduce((n, d) => n + d[s.key], 0))} ${s.label.toLowerCase()}`,
  );
  const summary =
    first && last
      ? `Daily views, starts and submissions from ${formatDay(first.day, true)} to ${formatDay(last.day, true)}: ${totals.join(', ')} in all. The numbers of each day are in the table below the chart.`
      : 'No days to show.';
  return (
    <div class="daily">
      <ChartLegend series={series} />
      <LineChart
        labels={days.map((d) => formatDay(d.day))}
        titles={days.map(
          (d) => `${formatDay(d.day, true)}: ${SERIES.map((s) => counted(d[s.key], s)).join(', ')}`,
        )}
        series={series}
        summary={summary}
      />
      <details class="daily-numbers">
        <summary>Show the numbers</summary>
        <div class="daily-table-wrap">
          <table class="plain-table">
            <caption class="visually-hidden">Views, starts, submissions and refusals per day</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col" class="col-num">
                  Views
                </th>
                <th scope="col" class="col-num">
                  Starts
                </th>
                <th scope="col" class="col-num">
                  Submissions
                </th>
                <th scope="col" class="col-num">
                  Refused
                </th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr key={d.day}>
                  <th scope="row">
                    <time dateTime={d.day}>{formatDay(d.day, true)}</time>
                  </th>
                  <td class="col-num">{count(d.views)}</td>
                  <td class="col-num">{count(d.starts)}</td>
                  <td class="col-num">{count(d.submissions)}</td>
                  <td class="col-num">{count(d.refused)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
