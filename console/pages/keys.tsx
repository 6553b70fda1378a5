/**
 * Admin keys: each named, created here (shown once, with a copy button), its last use, and revoked after
 * a confirmation, which ends the console sessions opened with it. The key from the environment is listed
 * and changed only there.
 */
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminKeyInfo, CreatedAdminKey } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { Badge } from '../components/badge.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Failure, Loading } from '../components/status.tsx';
import type { PageProps } from '../pages.tsx';
import { useLoad } from '../use-api.ts';
import { CopyButton, SaveError, TimeOr } from './webhook-parts.tsx';
import './webhooks.css';

/** The new key, shown once: what it is, that it will not be shown again, and a copy button. */
function NewKey({ created, onDone }: { created: CreatedAdminKey; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="card new-key" aria-labelledby="new-key-title">
      <h2 id="new-key-title" tabIndex={-1} ref={heading}>
        Copy the key “{created.name}” now
      </h2>
      <p>
        It is stored hashed: this is the only time it is shown. Keep it in your password manager or CI
        secrets.
      </p>
      <code class="secret-value" id="new-key-value">
        {created.key}
      </code>
      <div class="inline-actions">
        <CopyButton text={created.key} label="Copy key" />
        <button type="button" class="button button-quiet" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

export function KeysPage(_: PageProps) {
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<CreatedAdminKey | undefined>();
  const [revoking, setRevoking] = useState<AdminKeyInfo | undefined>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const keys = useLoad(
    () => api<{ data: AdminKeyInfo[] }>('/v1/admin/keys').then((r) => r.data),
    `keys ${version}`,
  );
  useEffect(() => {
    document.title = 'Admin keys · Leadgate';
  }, []);

  const create = async (form: HTMLFormElement) => {
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      const name = String(new FormData(form).get('name') ?? '');
      setCreated(await api<CreatedAdminKey>('/v1/admin/keys', { method: 'POST', body: { name } }));
      form.reset();
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async () => {
    if (!revoking) return;
    await api(`/v1/admin/keys/${encodeURIComponent(revoking.id)}`, { method: 'DELETE' });
    setNotice(`The key “${revoking.name}” was revoked, and its console sessions ended.`);
    setRevoking(undefined);
    setVersion((v) => v + 1);
  };

  const columns: Column<AdminKeyInfo>[] = [
    {
      header: 'Name',
      kind: 'primary',
      cell: (k) => (
        <div class="lead-cell">
          <strong class="break">{k.name || 'Unnamed key'}</strong>
          {k.source === 'environment' && (
            <span>
              <Badge tone="accent">From the environment</Badge>
            </span>
          )}
        </div>
      ),
    },
    {
      header: 'Created',
      kind: 'nowrap',
      cell: (k) => <TimeOr iso={k.createdAt} none="At start-up" />,
    },
    {
      header: 'Last used',
      kind: 'nowrap',
      cell: (k) => (
        <TimeOr iso={k.lastUsedAt} none={k.source === 'environment' ? 'Not since start-up' : 'Never'} />
      ),
    },
    {
      header: 'Revoke',
      cell: (k) =>
        k.notRevocable ? (
          <span class="muted small key-note">{k.notRevocable}</span>
        ) : (
          <button
            type="button"
            class="button button-danger button-small"
            aria-label={`Revoke ${k.name || 'Unnamed key'}`}
            onClick={() => setRevoking(k)}
          >
            Revoke…
          </button>
        ),
    },
  ];

  return (
    <div class="page">
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1}>Admin keys</h1>
          <p class="muted">
            A key signs in to this console and opens the admin API (<code>Authorization: Bearer …</code>).
            Give each person or script its own, so that one can be revoked without the others.
          </p>
        </div>
      </div>
      <form
        class="card key-form"
        aria-labelledby="create-key-title"
        onSubmit={(e) => {
          e.preventDefault();
          create(e.currentTarget);
        }}
      >
        <h2 id="create-key-title">Create a key</h2>
        <div class="key-form-row">
          <div class="key-form-name">
            <label class="label" for="key-name">
              Name
            </label>
            <input
              id="key-name"
              class="input"
              name="name"
              required
              maxLength={80}
              placeholder="CI deploys"
              aria-describedby="key-name-help"
            />
            <p class="help" id="key-name-help">
              Who or what will use it: a person, a laptop, a CI job.
            </p>
          </div>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
        <SaveError error={error} />
      </form>
      {created && <NewKey created={created} onDone={() => setCreated(undefined)} />}
      <p class="notice notice-good notice-empty-hidden" role="status">
        {notice}
      </p>
      {keys.error !== undefined ? (
        <Failure error={keys.error} />
      ) : !keys.data ? (
        <Loading what="keys" />
      ) : (
        <DataTable caption="Admin keys" columns={columns} rows={keys.data} rowKey={(k) => k.id} />
      )}
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke “${revoking?.name || 'Unnamed key'}”?`}
        confirmLabel="Revoke key"
        onConfirm={revoke}
        onClose={() => setRevoking(undefined)}
      >
        <p>
          Scripts sending it get 401 from now on, and every console session opened with it ends at once (this
          one too, if you signed in with it). This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
