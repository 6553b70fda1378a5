/** Lead qualification: the score from the answers, and the tier that score reaches. Computed only here. */
import type { FormDefinition, Outcome } from '../../shared/form-definition.ts';
import type { AnswerValue } from '../../shared/submission.ts';

export type Qualification = { score: number; tier: string; outcome: Outcome };

/** Scores validated answers against the form's option points and picks the tier. */
export function scoreLead(def: FormDefinition, answers: Record<string, AnswerValue>): Qualification {
  let score = 0;
  for (const field of def.fields) {
    if (!('options' in field)) continue;
    const answer = answers[field.key];
    score += field.options.find((o) => o.value === answer)?.points ?? 0;
  }
  const byThreshold = [...def.tiers].sort((a, b) => b.minScore - a.minScore);
  // A score below every threshold falls into the lowest tier: every lead has a tier.
  const tier =
    byThreshold.find((t) => score >= t.minScore) ?? (byThreshold.at(-1) as (typeof byThreshold)[number]);
  return { score, tier: tier.name, outcome: tier.outcome };
}
