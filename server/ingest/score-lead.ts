/** Lead qualification: the score from the answers, and the tier. Computed only here, never by a client. */
import { type Answer, matches } from '../../shared/conditions.ts';
import type { FormDefinition, Outcome } from '../../shared/form-definition.ts';
import { stepsOf } from '../../shared/public-form.ts';

export type Qualification = { score: number; tier: string; outcome: Outcome; disqualified: boolean };

/** Scores checked answers (visible fields only) by option points and rules, then picks the tier. */
export function scoreLead(def: FormDefinition, answers: Record<string, Answer>): Qualification {
  let score = 0;
  for (const field of stepsOf(def).flatMap((s) => s.fields)) {
    const answer = answers[field.key];
    if (answer === undefined) continue;
    if ('options' in field) {
      const chosen = Array.isArray(answer) ? answer : [answer];
      for (const o of field.options) if (chosen.includes(o.value)) score += o.points ?? 0;
    } else if (field.type === 'checkbox' && answer === true) {
      score += field.points ?? 0;
    }
  }
  for (const rule of def.scoring ?? []) if (matches(rule.when, answers)) score += rule.points;

  const byName = new Map(def.tiers.map((t) => [t.name, t]));
  const disqualifier = (def.disqualifiers ?? []).find((q) => matches(q.when, answers));
  const byThreshold = [...def.tiers].sort((a, b) => b.minScore - a.minScore);
  // A score below every threshold falls into the lowest tier: every lead has a tier.
  const tier =
    (disqualifier && byName.get(disqualifier.tier)) ??
    byThreshold.find((t) => score >= t.minScore) ??
    (byThreshold.at(-1) as (typeof byThreshold)[number]);
  return { score, tier: tier.name, outcome: tier.outcome, disqualified: disqualifier !== undefined };
}
