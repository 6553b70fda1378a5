/** Sign in with an admin key: the one printed at the first start, or LEADGATE_ADMIN_KEY. */
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionInfo } from '../../shared/admin-api.ts';
import { ApiFailure, signIn } from '../api.ts';
import { takeFlash } from '../flash.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice] = useState(takeFlash);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = 'Sign in · Leadgate';
    input.current?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (key.trim() === '') {
      setError('Enter the admin key.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (err) {
      setError(
        err instanceof ApiFailure && err.status === 401
          ? 'This key is not accepted. Check that you copied all of it.'
          : err instanceof Error
            ? err.message
            : String(err),
      );
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <div class="sign-in-card">
        <p class="brand brand-large">
          <span class="brand-mark" aria-hidden="true" />
          Leadgate
        </p>
        <h1>Sign in to the console</h1>
        {notice && (
          <p class="notice notice-good" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <label for="admin-key" class="label">
            Admin key
          </label>
          <input
            id="admin-key"
            ref={input}
            class="input"
            type="password"
            name="key"
            autocomplete="off"
            spellcheck={false}
            required
            value={key}
            aria-describedby={error ? 'key-help key-error' : 'key-help'}
            aria-invalid={error ? true : undefined}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
          <p id="key-help" class="help">
            The key the server printed when it first started (<code>lg_admin_…</code>), or the one you set as{' '}
            <code>LEADGATE_ADMIN_KEY</code>.
          </p>
          {error && (
            <p id="key-error" class="error-text" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="button button-primary button-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
