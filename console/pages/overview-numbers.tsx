/** How the Overview writes counts and rates. */
import { Fragment, h } from 'preact';

const counts = new Intl.NumberFormat();
const percents = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** `1,200`. */
export const count = (n: number): string => counts.format(n);

/** `35.2%`; a rate of nothing (no views) is a dash, said as "no rate" to a screen reader. */
export function percent(value: number | null): string {
  return value === null ? '—' : percents.format(value);
}

export function Percent({ value }: { value: number | null }) {
  if (value === null)
    return (
      <span class="muted">
        <span aria-hidden="true">—</span>
        <span class="visually-hidden">no rate</span>
      </span>
    );
  return <>{percents.format(value)}</>;
}
