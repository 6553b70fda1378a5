/**
 * A line chart of daily series in SVG, sized to its box in pixels (so its text stays legible on a phone).
 * Its geometry is SVG attributes set through the DOM, its colours come from CSS classes: nothing inline
 * for the console's CSP to refuse. The chart is a picture (`role="img"` with a summary); the numbers
 * themselves are for the caller to give in a table.
 */
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export type LineSeries = {
  label: string;
  values: number[];
  /** `chart-series-1`…: its colour and dash in the stylesheet. */
  class: string;
};

const HEIGHT_IN_PX = 240;
const PAD = { top: 12, right: 24, bottom: 28, left: 44 };
/** The least room between two labels of the day axis. */
const MIN_LABEL_GAP_IN_PX = 64;

/** A round step for about `ticks` gridlines up to `max` (1, 2 or 5 times a power of ten). */
export function niceStep(max: number, ticks = 4): number {
  if (max <= ticks) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** The element's width in pixels, kept up to date as it resizes. */
function useWidth<T extends Element>(): [preact.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function LineChart({
  labels,
  titles,
  series,
  summary,
}: {
  /** One short label per point (`Nov 26`), on the x axis. */
  labels: string[];
  /** One sentence per point, shown as its tooltip. */
  titles: string[];
  series: LineSeries[];
  /** What the chart shows, in words, for assistive technology. */
  summary: string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const n = labels.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = HEIGHT_IN_PX - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (value: number) => PAD.top + plotH - (value / top) * plotH;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  // Labels counted back from the last day (today is always named), far enough apart to be read.
  const every = Math.max(1, Math.ceil((MIN_LABEL_GAP_IN_PX * (n - 1)) / Math.max(1, plotW)));
  const shown: number[] = [];
  for (let i = n - 1; i >= 0; i -= every) shown.push(i);
  const slot = n <= 1 ? plotW : plotW / (n - 1);

  return (
    <div class="chart" ref={ref}>
      {width > 0 && (
        <svg class="chart-svg" width={width} height={HEIGHT_IN_PX} role="img" aria-label={summary}>
          <g class="chart-grid">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
                <text x={PAD.left - 8} y={y(t)} dy="0.32em" text-anchor="end">
                  {t.toLocaleString()}
                </text>
              </g>
            ))}
          </g>
          <g class="chart-axis">
            {shown.map((i) => (
              <text key={i} x={x(i)} y={HEIGHT_IN_PX - 8} text-anchor="middle">
                {labels[i]}
              </text>
            ))}
          </g>
          {series.map((s) => (
            <g class={`chart-line ${s.class}`} key={s.label}>
              <polyline points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
              {n <= 31 && s.values.map((v, i) => <circle key={labels[i]} cx={x(i)} cy={y(v)} r={3} />)}
            </g>
          ))}
          <g class="chart-hits">
            {titles.map((t, i) => (
              <rect key={labels[i]} x={x(i) - slot / 2} y={PAD.top} width={slot} height={plotH}>
                <title>{t}</title>
              </rect>
            ))}
          </g>
        </svg>
      )}
    </div>
  );
}

/** The chart's key: each series' line and name (colour is never the only cue: the names are there). */
export function ChartLegend({ series }: { series: Pick<LineSeries, 'label' | 'class'>[] }) {
  return (
    <ul class="chart-legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.label} class={s.class}>
          <svg width="22" height="10" class="chart-swatch" aria-hidden="true">
            <line x1="1" x2="21" y1="5" y2="5" />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}
