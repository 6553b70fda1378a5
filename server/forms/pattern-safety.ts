/**
 * Field patterns that cannot hang the server or a visitor's browser. Both run a field's `pattern` with
 * JavaScript's backtracking engine (shared/answers.ts), where `(a+)+` and a 41-character answer take
 * minutes. So the server refuses, when a form is saved, any pattern that can backtrack catastrophically,
 * and drops such a pattern from forms stored before this check (neither side then runs it).
 */
import { isSafePattern } from 'redos-detector';
import type { Field, FormDefinition } from '../../shared/form-definition.ts';
import type { FieldIssue } from '../../shared/submission.ts';

// The analysis is bounded too; a pattern it cannot prove safe within this time is refused.
const ANALYSIS_TIMEOUT_IN_MS = 1000;
const MAX_REMEMBERED = 1000;

const verdicts = new Map<string, boolean>();

/**
 * Whether `pattern`, run as shared/answers.ts runs it (whole value, `u` flag), matches every input in
 * about linear time: redos-detector finds no two ways for one input to take through it beyond its score.
 */
export function isLinearPattern(pattern: string): boolean {
  let safe = verdicts.get(pattern);
  if (safe === undefined) {
    try {
      safe = isSafePattern(`^(?:${pattern})$`, { unicode: true, timeout: ANALYSIS_TIMEOUT_IN_MS }).safe;
    } catch {
      // A construct the analyser cannot read (it throws rather than answer): not proven safe.
      safe = false;
    }
    if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
    verdicts.set(pattern, safe);
  }
  return safe;
}

const fieldsWithPaths = (d: FormDefinition) =>
  d.steps
    ? d.steps.flatMap((s, i) => s.fields.map((f, j) => ({ f, path: `steps.${i}.fields.${j}` })))
    : (d.fields ?? []).map((f, j) => ({ f, path: `fields.${j}` }));

/** A 422 issue for each field pattern that can backtrack catastrophically. */
export function unsafePatterns(definition: FormDefinition): FieldIssue[] {
  return fieldsWithPaths(definition).flatMap(({ f, path }) =>
    'pattern' in f && f.pattern !== undefined && !isLinearPattern(f.pattern)
      ? [
          {
            path: `${path}.pattern`,
            message:
              'This pattern can take exponential time on some answers (catastrophic backtracking). Let each ' +
              'character match only one way: write a+ rather than (a+)+, and make alternatives not overlap.',
          },
        ]
      : [],
  );
}

/** `definition` without the patterns that can backtrack catastrophically (forms stored before this check). */
export function withoutUnsafePatterns(definition: FormDefinition): FormDefinition {
  if (unsafePatterns(definition).length === 0) return definition;
  const safe = (f: Field): Field => {
    if (!('pattern' in f) || f.pattern === undefined || isLinearPattern(f.pattern)) return f;
    const { pattern: _, ...rest } = f;
    return rest;
  };
  return {
    ...definition,
    ...(definition.fields ? { fields: definition.fields.map(safe) } : {}),
    ...(definition.steps
      ? { steps: definition.steps.map((s) => ({ ...s, fields: s.fields.map(safe) })) }
      : {}),
  };
}
