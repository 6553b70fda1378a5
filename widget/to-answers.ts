/** From what the inputs hold to what is checked and sent. */
import type { PublicForm } from '../shared/public-form.ts';

/** Inputs hold strings; number fields become numbers here, and empty answers are left out. */
export function toAnswers(
  form: Pick<PublicForm, 'steps'>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const f of form.steps.flatMap((s) => s.fields)) {
    let v = values[f.key];
    if (v === undefined || v === '') continue;
    if (f.type === 'number' && typeof v === 'string' && v.trim() && !Number.isNaN(Number(v))) v = Number(v);
    answers[f.key] = v;
  }
  return answers;
}
