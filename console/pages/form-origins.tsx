/**
 * The sites a form takes submissions from, as a list: add (checked as an origin by the form schema's own
 * rule), remove, and allow in one click a site the form refused lately. Each change is saved at once, as
 * a new version.
 */
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import type { FormRecord } from '../../shared/admin-api.ts';
import { AllowedOrigin } from '../../shared/form-definition.ts';
import { api } from '../api.ts';
import { formatTime } from '../format.ts';
import { useLoad } from '../use-api.ts';
import { NoOriginsWarning } from './form-status.tsx';

type Refused = { origin: string; count: number; lastRefusedAt: string };

/** What the owner typed, as an origin: `https://example.com/page` → `https://example.com`. */
export function toOrigin(typed: string): { origin: string } | { error: string } {
  const value = typed.trim();
  if (value === '*') return { origin: value };
  let origin = value;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
  } catch {
    // Not a URL at all: the schema's message says what is expected.
  }
  const checked = v.safeParse(AllowedOrigin, origin);
  return checked.success ? { origin } : { error: checked.issues[0]?.message ?? 'Not an origin.' };
}

export function OriginsSection({
  form,
  onSave,
}: {
  form: FormRecord;
  /** Saves the form with these origins (a new version). */
  onSave: (origins: string[], said: string) => Promise<void>;
}) {
  const origins = form.definition.allowedOrigins ?? [];
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const refused = useLoad(
    () =>
      api<{ data: Refused[] }>(`/v1/admin/forms/${encodeURIComponent(form.id)}/refused-origins`).then(
        (r) => r.data,
      ),
    `${form.id}@${form.version}`,
  );
  const save = async (next: string[], said: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await onSave(next, said);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const result = toOrigin(typed);
    if ('error' in result) return setError(result.error);
    if (origins.includes(result.origin)) return setError(`${result.origin} is already allowed.`);
    if (await save([...origins, result.origin], `${result.origin} is allowed.`)) setTyped('');
  };
  const notListed = (refused.data ?? []).filter((r) => !origins.includes(r.origin));
  return (
    <section class="card" aria-labelledby="origins-heading">
      <h2 id="origins-heading">Allowed origins</h2>
      <p class="muted">
        The sites whose pages may send this form, as <code>https://www.example.com</code> (scheme, host and
        any port), or <code>*</code> for any site. Pages on this server are always allowed. Each change is
        saved at once, as a new version.
      </p>
      {origins.length === 0 && (
        <NoOriginsWarning>Add the origin of every site that embeds it.</NoOriginsWarning>
      )}
      {origins.includes('*') && (
        <p class="notice" role="note">
          <code>*</code>: any site may embed this form and send it leads.
        </p>
      )}
      {origins.length > 0 && (
        <ul class="origin-list" aria-label="Allowed origins">
          {origins.map((o) => (
            <li key={o} class="origin-item">
              <code class="break">{o}</code>
              <button
                type="button"
                class="button button-quiet"
                disabled={busy}
                aria-label={`Remove ${o}`}
                onClick={() =>
                  save(
                    origins.filter((x) => x !== o),
                    `${o} is no longer allowed.`,
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="origin-add" onSubmit={add} noValidate>
        <div class="origin-add-field">
          <label for="new-origin" class="label">
            Add an origin
          </label>
          <input
            id="new-origin"
            class="input"
            type="url"
            inputMode="url"
            placeholder="https://www.example.com"
            value={typed}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'new-origin-error' : undefined}
            onInput={(e) => {
              setTyped(e.currentTarget.value);
              setError(undefined);
            }}
          />
        </div>
        <button type="submit" class="button" disabled={busy || typed.trim() === ''}>
          Add
        </button>
      </form>
      {error && (
        <p id="new-origin-error" class="error-text" role="alert">
          {error}
        </p>
      )}
      {notListed.length > 0 && (
        <div class="refused">
          <h3>Refused lately</h3>
          <p class="muted small">
            Pages on these sites tried to use the form and were turned away (since this server started).
          </p>
          <ul class="origin-list">
            {notListed.map((r) => (
              <li key={r.origin} class="origin-item">
                <span>
                  <code class="break">{r.origin}</code>
                  <span class="muted small">
                    {' '}
                    · {r.count === 1 ? 'once' : `${r.count} times`}, last {formatTime(r.lastRefusedAt)}
                  </span>
                </span>
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  aria-label={`Allow ${r.origin}`}
                  onClick={() => save([...origins, r.origin], `${r.origin} is allowed.`)}
                >
                  Allow
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
