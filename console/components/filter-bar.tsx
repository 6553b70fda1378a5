/**
 * The filters of a list, as a form whose values live in the URL's query: submitting it (Enter, the
 * button, or changing a select or date, which submits at once) navigates to the same page with them.
 */
import { type ComponentChildren, h } from 'preact';

/** Fields of a filter bar: label above control, each control named as its query parameter. */
export function FilterField({
  label,
  id,
  wide,
  children,
}: {
  label: string;
  id: string;
  /** The whole row on narrow screens (a search box). */
  wide?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={wide ? 'filter-field filter-field-wide' : 'filter-field'}>
      <label for={id} class="label">
        {label}
      </label>
      {children}
    </div>
  );
}

export function FilterBar({
  label,
  onApply,
  children,
  actions,
}: {
  label: string;
  /** The form's values, empty ones left out. */
  onApply: (values: Record<string, string>) => void;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const apply = (form: HTMLFormElement) => {
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form))
      if (typeof v === 'string' && v.trim() !== '') values[k] = v.trim();
    onApply(values);
  };
  return (
    <search aria-label={label}>
      <form
        class="filter-bar"
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
        onChange={(e) => {
          const target = e.target as HTMLElement;
          if (
            target instanceof HTMLSelectElement ||
            (target instanceof HTMLInputElement && target.type === 'date')
          )
            apply(e.currentTarget);
        }}
      >
        {children}
        <div class="filter-actions">{actions}</div>
      </form>
    </search>
  );
}
