/**
 * The Overview's controls: which form (changing it applies at once), a preset of days (links), or a
 * custom range (two dates and Apply). All of it ends up in the page's URL.
 */
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { FormRecord } from '../../shared/admin-api.ts';
import { Link } from '../components/link.tsx';
import { text } from '../format.ts';
import { navigate } from '../router.ts';
import { daysIn, MAX_DAYS, PRESETS, type Range, today } from './overview-range.ts';

export function RangeBar({
  range,
  forms,
  hrefWith,
}: {
  range: Range;
  forms: FormRecord[];
  /** The page's address with some of the range changed. */
  hrefWith: (change: Partial<Range>) => string;
}) {
  const [problem, setProblem] = useState<string>();
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const get = (k: string) => String(data.get(k) ?? '');
    const since = get('from');
    const until = get('to');
    const formId = get('form') || undefined;
    if (!since || !until) return setProblem('Choose both days.');
    if (since > until) return setProblem('The first day comes after the last.');
    if (daysIn(since, until) > MAX_DAYS) return setProblem(`Choose at most ${MAX_DAYS} days.`);
    setProblem(undefined);
    navigate(hrefWith({ formId, since, until, preset: undefined }));
  };
  const forms_ = forms.filter((f) => !f.archivedAt || f.id === range.formId);
  return (
    <search aria-label="Form and days">
      <form
        class="range-bar"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
      >
        <div class="range-field range-form">
          <label for="overview-form" class="label">
            Form
          </label>
          <select
            id="overview-form"
            class="input"
            name="form"
            defaultValue={range.formId ?? ''}
            onChange={(e) => navigate(hrefWith({ formId: e.currentTarget.value || undefined }))}
          >
            <option value="">All forms</option>
            {forms_.map((f) => (
              <option key={f.id} value={f.id}>
                {text(f.definition, f.definition.title)}
              </option>
            ))}
          </select>
        </div>
        <div class="range-field">
          <span class="label" id="overview-presets">
            Days
          </span>
          <ul class="segmented" aria-labelledby="overview-presets">
            {PRESETS.map((n) => (
              <li key={n}>
                <Link to={hrefWith({ preset: n })} class="segment" current={range.preset === n}>
                  {`${n} days`}
                </Link>
              </li>
            ))}
          </ul>
        </div>
        <div class="range-field range-dates">
          <div>
            <label for="overview-from" class="label">
              From
            </label>
            <input
              id="overview-from"
              class="input"
              type="date"
              name="from"
              max={today()}
              defaultValue={range.since}
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby={problem ? 'overview-range-problem' : undefined}
            />
          </div>
          <div>
            <label for="overview-to" class="label">
              To
            </label>
            <input
              id="overview-to"
              class="input"
              type="date"
              name="to"
              defaultValue={range.until}
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby={problem ? 'overview-range-problem' : undefined}
            />
          </div>
          <button type="submit" class="button">
            Apply
          </button>
        </div>
        {problem && (
          <p class="error-text range-problem" id="overview-range-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </search>
  );
}
