/** What the forms pages say about a form's state: live or archived, and which sites may use it. */
import { type ComponentChildren, Fragment, h } from 'preact';
import type { FormRecord } from '../../shared/admin-api.ts';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { Badge } from '../components/badge.tsx';

export function StatusBadge({ form }: { form: FormRecord }) {
  return form.archivedAt ? <Badge>Archived</Badge> : <Badge tone="good">Live</Badge>;
}

/** True when no other site may send the form: nothing listed (or the list missing). */
export const refusesEverySite = (def: FormDefinition): boolean => (def.allowedOrigins ?? []).length === 0;

/** Which sites the form takes submissions from, in a few words. */
export function OriginsSummary({ def }: { def: FormDefinition }) {
  const origins = def.allowedOrigins ?? [];
  if (origins.length === 0) return <Badge tone="warn">No site allowed</Badge>;
  if (origins.includes('*')) return <>Any site</>;
  return <>{origins.length === 1 ? origins[0] : `${origins.length} sites`}</>;
}

/** The warning for a form no other site can use. */
export function NoOriginsWarning({ children }: { children?: ComponentChildren }) {
  return (
    <div class="notice notice-warn" role="note">
      <strong>No site may send this form.</strong> Its allowed origins are empty, so it refuses submissions
      from every page but this server's own, silently to your visitors. {children}
    </div>
  );
}
