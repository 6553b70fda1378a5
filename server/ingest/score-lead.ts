/** Lead qualification: the score from the answers, and the tier. Computed only here, never by a client. */

import type { ScorePart } from '../../shared/admin-api.ts';
import { type Answer, matches } from '../../shared/conditions.ts';
import type { FormDefinition, Outcome } from '../../shared/form-definition.ts';
import { stepsOf } from '../../shared/public-form.ts';

export type Qualification = { score: number; tier: string; outcome: Outcome; disqualified: boolean };

export type { ScorePart } from '../../shared/admin-api.ts';

/** Why a lead has its score and tier: each part that gave points, and the disqualifier that applied. */
export type ScoreExplanation = Qualification & { parts: ScorePart[]; disqualifiedBy: number | null };

/**
 * Scores checked answers (visible fields only) by option points and rules, then picks the tier.
 * `explain`, when given, hears of every part that gave points (not called on the ingest path's hot loop
 * otherwise: the check is all it costs).
 */
export function scoreLead(
  def: FormDefinition,
  answers: Record<string, Answer>,
  explain?: (part: ScorePart) => void,
): Qualification {
  let score = 0;
  for (const field of stepsOf(def).flatMap((s) => s.fields)) {
    const answer = answers[field.key];
    if (answer === undefined) continue;
    if ('options' in field) {
      const chosen = Array.isArray(answer) ? answer : [answer];
      for (const o of field.options) {
        if (!chosen.includes(o.value)) continue;
        score += o.points ?? 0;
        if (explain && o.points)
          explain({ source: 'option', field: field.key, value: o.value, points: o.points });
      }
    } else if (field.type === 'checkbox' && answer === true) {
      score += field.points ?? 0;
      if (explain && field.points) explain({ source: 'checkbox', field: field.key, points: field.points });
    }
  }
  (def.scoring ?? []).forEach((rule, i) => {
    if (!matches(rule.when, answers)) return;
    score += rule.points;
    if (explain) explain({ source: 'rule', rule: i, points: rule.points });
  });

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

/** `scoreLead` with its working shown: the parts that gave points and the disqualifier (its index). */
export function explainScore(def: FormDefinition, answers: Record<string, Answer>): ScoreExplanation {
  const parts: ScorePart[] = [];
  const qualification = scoreLead(def, answers, (part) => parts.push(part));
  const i = (def.disqualifiers ?? []).findIndex((q) => matches(q.when, answers));
  return { ...qualification, parts, disqualifiedBy: i === -1 ? null : i };
}
