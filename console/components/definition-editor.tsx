/**
 * The JSON editor of a form definition: a monospace textarea (Tab leaves it, as everywhere else on the
 * page) and, under it, every problem at its path and line; choosing one selects that place in the text.
 */
import { Fragment, h } from 'preact';
import { useRef } from 'preact/hooks';
import type { DefinitionIssue } from './definition-check.ts';

export function DefinitionEditor({
  id,
  label,
  value,
  onInput,
  issues,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (text: string) => void;
  issues: DefinitionIssue[];
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const show = (issue: DefinitionIssue) => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(issue.start, issue.end);
    // Scroll the line into view: the textarea scrolls to the selection only on some browsers.
    const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (issue.line - 4) * lineHeight);
  };
  const summaryId = `${id}-issues`;
  return (
    <div class="definition-editor">
      <label for={id} class="label">
        {label}
      </label>
      <textarea
        id={id}
        ref={area}
        class="input code-input"
        spellcheck={false}
        autocomplete="off"
        autocapitalize="off"
        wrap="off"
        value={value}
        aria-invalid={issues.length > 0 ? 'true' : undefined}
        aria-describedby={summaryId}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <div id={summaryId} class="definition-issues" role="status">
        {issues.length === 0 ? (
          <p class="valid-text">The definition is valid.</p>
        ) : (
          <>
            <p class="error-text">
              {issues.length === 1 ? '1 problem' : `${issues.length} problems`} to fix before saving:
            </p>
            <ul class="issue-list">
              {issues.map((issue, i) => (
                <li key={`${issue.path}|${issue.message}|${i}`}>
                  <button type="button" class="issue" onClick={() => show(issue)}>
                    <span class="issue-where">
                      Line {issue.line}
                      {issue.path && (
                        <>
                          {' · '}
                          <code>{issue.path}</code>
                        </>
                      )}
                    </span>
                    <span class="issue-message">{issue.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
