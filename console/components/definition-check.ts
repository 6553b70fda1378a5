/**
 * Checking a form definition as the owner types it: the JSON first, then the same valibot schema the
 * server runs (shared/form-definition.ts), each problem placed at its path in the text. The server also
 * refuses patterns that can backtrack catastrophically; that one comes back when saving, with its path.
 */
import * as v from 'valibot';
import { FormDefinition } from '../../shared/form-definition.ts';
import { toFieldIssue } from '../../shared/submission.ts';
import { lineColumn, locatePath } from './json-locate.ts';

/** A problem with the definition, where it is in the text. */
export type DefinitionIssue = {
  /** The dot path (`steps.0.fields.1.key`), empty for the whole definition or the JSON itself. */
  path: string;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
};

export type DefinitionCheck = { definition?: FormDefinition; issues: DefinitionIssue[] };

/** Places issues from the schema or the API (dot paths) in `text`. */
export function placeIssues(text: string, issues: { path: string; message: string }[]): DefinitionIssue[] {
  return issues.map((i) => {
    const [start, end] = locatePath(text, i.path);
    return { ...i, start, end, ...lineColumn(text, start) };
  });
}

// V8 says where JSON broke: "… in JSON at position 42 (line 3 column 5)".
const POSITION = /at position (\d+)/;

/** The definition in `text` if it is valid, else every problem found. */
export function checkDefinition(text: string): DefinitionCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = Number(POSITION.exec(message)?.[1] ?? text.length);
    return {
      issues: [
        {
          path: '',
          message: `Not valid JSON: ${message}`,
          start: at,
          end: Math.min(text.length, at + 1),
          ...lineColumn(text, at),
        },
      ],
    };
  }
  const result = v.safeParse(FormDefinition, json);
  if (result.success) return { definition: result.output, issues: [] };
  return { issues: placeIssues(text, result.issues.map(toFieldIssue)) };
}

/** A definition as the editor shows it: two-space JSON. */
export const toEditorText = (definition: unknown): string => JSON.stringify(definition, null, 2);
