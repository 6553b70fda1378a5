/** Loading, failure and empty states, the same on every page. */
import { type ComponentChildren, h } from 'preact';
import { ApiFailure } from '../api.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Failure({ error }: { error: unknown }) {
  const message = error instanceof ApiFailure || error instanceof Error ? error.message : String(error);
  return (
    <div class="notice notice-bad" role="alert">
      <strong>Something went wrong.</strong> {message}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <h2 class="empty-title">{title}</h2>
      {children}
    </div>
  );
}
