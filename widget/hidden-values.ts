/** Starting values: each field's default, and hidden fields filled from URL parameters or the tag's data-*. */
import type { PublicForm } from '../shared/public-form.ts';

/** The values a fresh form starts with. */
export function initialValues(
  form: Pick<PublicForm, 'steps'>,
  params: URLSearchParams,
  data: Record<string, string | undefined>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of form.steps.flatMap((s) => s.fields)) {
    // A number's default goes into its input as is; the input shows it as text.
    let value: unknown = f.default;
    if (f.type === 'hidden')
      value = (f.fromParam && params.get(f.fromParam)) || (f.fromData && data[f.fromData]) || value;
    if (value !== undefined) values[f.key] = value;
  }
  return values;
}
