/** A new form: from the contact template, as a copy of an existing form (the demo is one), or from JSON. */
import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FormRecord } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { toEditorText } from '../components/definition-check.ts';
import { Link } from '../components/link.tsx';
import { flash } from '../flash.ts';
import { text } from '../format.ts';
import { navigate } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { FormEditor } from './form-editor.tsx';
import { contactTemplate } from './form-templates.ts';
import './forms.css';

const OWN_JSON = '';

/** A copy of `form` under a new id, nobody's origins but its own. */
const copyOf = (form: FormRecord) => ({ ...form.definition, id: `${form.id}-copy`.slice(0, 64) });

export function NewFormPage() {
  useEffect(() => {
    document.title = 'New form · Forms · Leadgate';
  }, []);
  const forms = useLoad(() => api<{ data: FormRecord[] }>('/v1/admin/forms').then((r) => r.data), 'forms');
  const [start, setStart] = useState('contact');
  const initialText = useMemo(() => {
    if (start === 'contact') return toEditorText(contactTemplate);
    const form = forms.data?.find((f) => `copy:${f.id}` === start);
    return form ? toEditorText(copyOf(form)) : OWN_JSON;
  }, [start, forms.data]);
  return (
    <div class="page form-page">
      <p class="back">
        <Link to="/forms">← Forms</Link>
      </p>
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1}>New form</h1>
          <p class="muted">
            Start from a template or an existing form, or paste your own JSON; change its id.
          </p>
        </div>
      </div>
      <div class="start-from">
        <label for="start-from" class="label">
          Start from
        </label>
        <select id="start-from" class="input" value={start} onChange={(e) => setStart(e.currentTarget.value)}>
          <option value="contact">Contact form template</option>
          {(forms.data ?? []).map((f) => (
            <option key={f.id} value={`copy:${f.id}`}>
              A copy of {text(f.definition, f.definition.title)} ({f.id})
            </option>
          ))}
          <option value="json">My own JSON (paste it below)</option>
        </select>
      </div>
      <FormEditor
        initialText={initialText}
        saveLabel="Create form"
        unchangedSaves
        onSave={async (definition) => {
          const created = await api<FormRecord>('/v1/admin/forms', { method: 'POST', body: definition });
          flash(`The form ${created.id} is created, as version 1.`);
          navigate(`/forms/${encodeURIComponent(created.id)}`);
        }}
      />
    </div>
  );
}
