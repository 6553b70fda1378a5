/**
 * A form's definition, edited as JSON beside the real widget showing it: problems at their path as you
 * type (the server's own schema), the preview following every valid change, and saving (a new form, or a
 * new version), with the server's refusals placed in the text as well.
 */
import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { formLocales } from '../../shared/localize.ts';
import { ApiFailure } from '../api.ts';
import { checkDefinition, type DefinitionIssue, placeIssues } from '../components/definition-check.ts';
import { DefinitionEditor } from '../components/definition-editor.tsx';
import { FormPreview } from '../components/form-preview.tsx';

// The preview waits for a pause in typing: the widget is rendered again from scratch each time.
const PREVIEW_DELAY_IN_MS = 250;

export function FormEditor({
  initialText,
  saveLabel,
  onSave,
  unchangedSaves = false,
}: {
  /** The text to start from; a new one (another template, a saved version) starts the editor again. */
  initialText: string;
  saveLabel: string;
  /** Stores the definition; an `ApiFailure` with issues is shown at their paths. */
  onSave: (definition: FormDefinition) => Promise<void>;
  /** Whether saving the text as it came is allowed (creating a form); an edit needs a change. */
  unchangedSaves?: boolean;
}) {
  const [text, setText] = useState(initialText);
  const [serverIssues, setServerIssues] = useState<DefinitionIssue[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setText(initialText);
    setServerIssues([]);
    setFailure(undefined);
  }, [initialText]);

  const check = useMemo(() => checkDefinition(text), [text]);
  const [shown, setShown] = useState<FormDefinition | undefined>(check.definition);
  useEffect(() => {
    if (!check.definition) return;
    const definition = check.definition;
    const t = setTimeout(() => setShown(definition), shown ? PREVIEW_DELAY_IN_MS : 0);
    return () => clearTimeout(t);
  }, [check]);

  const locales = shown ? formLocales(shown.title, shown.defaultLocale ?? 'en') : [];
  const [locale, setLocale] = useState<string | undefined>();
  const previewLocale = locale && locales.includes(locale) ? locale : (locales[0] ?? 'en');

  const issues = check.issues.length > 0 ? check.issues : serverIssues;
  const canSave = !!check.definition && !saving && (unchangedSaves || text !== initialText);
  const save = async () => {
    if (!check.definition) return;
    setSaving(true);
    setFailure(undefined);
    setServerIssues([]);
    try {
      await onSave(check.definition);
    } catch (err) {
      if (err instanceof ApiFailure && err.issues.length > 0) setServerIssues(placeIssues(text, err.issues));
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="form-editor">
      <section class="editor-pane" aria-labelledby="editor-heading">
        <h2 id="editor-heading" class="visually-hidden">
          Definition
        </h2>
        <DefinitionEditor
          id="definition"
          label="Definition (JSON)"
          value={text}
          issues={issues}
          onInput={(t) => {
            setText(t);
            setServerIssues([]);
          }}
        />
        <p class="help">
          The format is described in <code>docs/forms.md</code>; the server runs the same checks when you
          save.
        </p>
        <div class="editor-actions">
          <button type="button" class="button button-primary" disabled={!canSave} onClick={save}>
            {saving ? 'Saving…' : saveLabel}
          </button>
          {text !== initialText && (
            <button type="button" class="button button-quiet" onClick={() => setText(initialText)}>
              Discard changes
            </button>
          )}
        </div>
        {failure && (
          <p class="error-text" role="alert">
            Not saved: {failure}
          </p>
        )}
      </section>
      <section class="preview-pane" aria-labelledby="preview-heading">
        <div class="preview-head">
          <h2 id="preview-heading">Preview</h2>
          {locales.length > 1 && (
            <div class="preview-locale">
              <label for="preview-locale" class="label">
                Language
              </label>
              <select
                id="preview-locale"
                class="input"
                value={previewLocale}
                onChange={(e) => setLocale(e.currentTarget.value)}
              >
                {locales.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <p class="muted small">
          {check.definition
            ? 'The widget as visitors see it inline. Sending it here sends nothing.'
            : 'The last valid version, until the problems are fixed.'}
        </p>
        {shown ? (
          <FormPreview definition={shown} locale={previewLocale} />
        ) : (
          <p class="muted">Nothing to show yet.</p>
        )}
      </section>
    </div>
  );
}
