/** Adding or editing a webhook endpoint: URL, events, forms, headers of the subscriber's own, description. */
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { FormRecord, WebhookEndpoint } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { text } from '../format.ts';
import { EVENT_CHOICES, SaveError } from './webhook-parts.tsx';

/** `Name: value` lines → headers; lines without a colon are kept whole, for the server to name. */
export function parseHeaders(lines: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon === -1) headers[line.trim()] = '';
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

export function EndpointForm({
  endpoint,
  forms,
  onSaved,
  onCancel,
}: {
  /** The endpoint to edit; a new one when absent. */
  endpoint?: WebhookEndpoint;
  forms: FormRecord[];
  onSaved: (saved: WebhookEndpoint & { secret?: string }) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const prefix = endpoint ? `edit-${endpoint.id}` : 'new-endpoint';
  const events = endpoint?.events ?? ['lead.*'];
  const formIds = endpoint?.formIds ?? [];

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const chosenForms = data.getAll('formIds').map(String);
    const body = {
      url: String(data.get('url') ?? '').trim(),
      events: data.getAll('events').map(String),
      formIds: chosenForms.length > 0 ? chosenForms : null,
      headers: parseHeaders(String(data.get('headers') ?? '')),
      description: String(data.get('description') ?? '').trim(),
    };
    setBusy(true);
    setError(undefined);
    try {
      const saved = endpoint
        ? await api<WebhookEndpoint>(`/v1/admin/webhooks/${encodeURIComponent(endpoint.id)}`, {
            method: 'PATCH',
            body,
          })
        : await api<WebhookEndpoint & { secret: string }>('/v1/admin/webhooks', { method: 'POST', body });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card endpoint-form"
      aria-label={endpoint ? 'Edit the endpoint' : 'Add an endpoint'}
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
    >
      <h2>{endpoint ? 'Edit the endpoint' : 'Add an endpoint'}</h2>
      <div>
        <label class="label" for={`${prefix}-url`}>
          URL
        </label>
        <input
          id={`${prefix}-url`}
          class="input"
          name="url"
          type="url"
          required
          defaultValue={endpoint?.url ?? ''}
          placeholder="https://crm.example.com/hooks/leadgate"
          aria-describedby={`${prefix}-url-help`}
        />
        <p class="help" id={`${prefix}-url-help`}>
          Leadgate POSTs each event here, signed as Standard Webhooks specifies.
        </p>
      </div>
      <fieldset class="choices">
        <legend class="label">Events</legend>
        {EVENT_CHOICES.map((c) => (
          <label class="choice" key={c.value}>
            <input type="checkbox" name="events" value={c.value} defaultChecked={events.includes(c.value)} />
            <span>
              {c.label} <code class="muted">{c.value}</code>
            </span>
          </label>
        ))}
      </fieldset>
      {forms.length > 0 && (
        <fieldset class="choices">
          <legend class="label">Forms</legend>
          <p class="help choices-help">None ticked: events of every form, new ones included.</p>
          {forms.map((f) => (
            <label class="choice" key={f.id}>
              <input type="checkbox" name="formIds" value={f.id} defaultChecked={formIds.includes(f.id)} />
              <span>
                {text(f.definition, f.definition.title)} <code class="muted">{f.id}</code>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div>
        <label class="label" for={`${prefix}-headers`}>
          Headers
        </label>
        <textarea
          id={`${prefix}-headers`}
          class="input textarea"
          name="headers"
          rows={3}
          defaultValue={headerLines(endpoint?.headers ?? {})}
          placeholder="Authorization: Bearer your-crm-token"
          aria-describedby={`${prefix}-headers-help`}
          spellcheck={false}
        />
        <p class="help" id={`${prefix}-headers-help`}>
          One <code>Name: value</code> a line, sent with every request (not the <code>webhook-*</code> ones).
        </p>
      </div>
      <div>
        <label class="label" for={`${prefix}-description`}>
          Description
        </label>
        <input
          id={`${prefix}-description`}
          class="input"
          name="description"
          maxLength={500}
          defaultValue={endpoint?.description ?? ''}
          placeholder="Sales CRM"
        />
      </div>
      <SaveError error={error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : endpoint ? 'Save changes' : 'Add endpoint'}
        </button>
        <button type="button" class="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
