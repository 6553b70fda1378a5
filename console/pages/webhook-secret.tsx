/**
 * An endpoint's signing secret: hidden until asked for, then shown with a copy button; rotated after a
 * confirmation that says the old one keeps signing alongside for 24 hours.
 */
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { formatTime } from '../format.ts';
import { CopyButton, SaveError } from './webhook-parts.tsx';

/** How long the previous secret keeps signing after a rotation (the server's ROTATION_GRACE_IN_MS). */
const ROTATION_GRACE_IN_MS = 24 * 60 * 60 * 1000;

export function SecretCard({ endpointId }: { endpointId: string }) {
  const path = `/v1/admin/webhooks/${encodeURIComponent(endpointId)}`;
  const [secret, setSecret] = useState<string | undefined>();
  const [rotatedAt, setRotatedAt] = useState<number | undefined>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);

  const reveal = async () => {
    setError(undefined);
    try {
      setSecret((await api<{ secret: string }>(`${path}/secret`)).secret);
    } catch (err) {
      setError(err);
    }
  };
  const rotate = async () => {
    const { secret: fresh } = await api<{ secret: string }>(`${path}/rotate-secret`, { method: 'POST' });
    setSecret(fresh);
    setRotatedAt(Date.now());
    setConfirming(false);
  };

  return (
    <section class="card" aria-labelledby="secret-title">
      <h2 id="secret-title">Signing secret</h2>
      <p class="muted small">
        Your receiver verifies each request’s <code>webhook-signature</code> with it (any Standard Webhooks
        library does).
      </p>
      <div class="secret-row">
        {secret ? (
          <code class="secret-value" id="secret-value">
            {secret}
          </code>
        ) : (
          <code class="secret-value secret-hidden">
            <span aria-hidden="true">whsec_••••••••••••••••••••••••</span>
            <span class="visually-hidden">Hidden until you reveal it</span>
          </code>
        )}
      </div>
      <div class="inline-actions">
        {secret ? (
          <>
            <CopyButton text={secret} label="Copy secret" />
            <button type="button" class="button button-quiet" onClick={() => setSecret(undefined)}>
              Hide
            </button>
          </>
        ) : (
          <button type="button" class="button" onClick={reveal}>
            Reveal secret
          </button>
        )}
        <button type="button" class="button" onClick={() => setConfirming(true)}>
          Rotate secret…
        </button>
      </div>
      {rotatedAt !== undefined && (
        <p class="notice notice-good" role="status">
          New secret made. The old one keeps signing alongside it until{' '}
          {formatTime(new Date(rotatedAt + ROTATION_GRACE_IN_MS).toISOString())}: update your receiver before
          then.
        </p>
      )}
      <SaveError error={error} />
      <ConfirmDialog
        open={confirming}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        onConfirm={rotate}
        onClose={() => setConfirming(false)}
      >
        <p>
          A new secret signs every request from now on. The current one keeps signing alongside it for 24
          hours (each request carries both signatures), so your receiver keeps verifying while you give it the
          new one.
        </p>
      </ConfirmDialog>
    </section>
  );
}
