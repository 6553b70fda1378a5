/**
 * One form: its definition edited beside the live widget, the embed snippets, its allowed origins, its
 * versions and their differences; archive and restore. The part shown is in the address (`?tab=`).
 */
import { Fragment, h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FormRecord } from '../../shared/admin-api.ts';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { api, withQuery } from '../api.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { toEditorText } from '../components/definition-check.ts';
import { Link } from '../components/link.tsx';
import { Failure, Loading } from '../components/status.tsx';
import { takeFlash } from '../flash.ts';
import { text } from '../format.ts';
import type { PageProps } from '../pages.tsx';
import { navigate } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { FormEditor } from './form-editor.tsx';
import { EmbedSection } from './form-embed.tsx';
import { OriginsSection } from './form-origins.tsx';
import { NoOriginsWarning, refusesEverySite, StatusBadge } from './form-status.tsx';
import { VersionsSection } from './form-versions.tsx';
import './forms.css';

const TABS = [
  { id: 'definition', label: 'Definition' },
  { id: 'embed', label: 'Embed' },
  { id: 'origins', label: 'Origins' },
  { id: 'versions', label: 'Versions' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function FormPage({ params, query }: PageProps) {
  const id = params.id ?? '';
  const path = `/v1/admin/forms/${encodeURIComponent(id)}`;
  const [rev, setRev] = useState(0);
  const loaded = useLoad(() => api<FormRecord>(path), `${id}#${rev}`);
  // The form as last saved here: shown at once, before the reload confirms it.
  const [saved, setSaved] = useState<FormRecord | undefined>();
  const form =
    saved && saved.id === id && (!loaded.data || saved.version >= loaded.data.version) ? saved : loaded.data;
  const [notice, setNotice] = useState<string | undefined>(takeFlash);
  const [confirming, setConfirming] = useState(false);
  // An older version put in the editor ("Edit from version 3"); saving it makes it current again.
  const [startFrom, setStartFrom] = useState<{ text: string; version: number } | undefined>();
  const tab: Tab = TABS.find((t) => t.id === query.get('tab'))?.id ?? 'definition';
  const title = form ? text(form.definition, form.definition.title) : id;
  useEffect(() => {
    document.title = `${title} · Forms · Leadgate`;
  }, [title]);
  useEffect(() => setStartFrom(undefined), [form?.version]);

  const currentText = useMemo(() => (form ? toEditorText(form.definition) : ''), [form?.id, form?.version]);
  const put = async (definition: FormDefinition, said: (f: FormRecord) => string) => {
    const updated = await api<FormRecord>(path, { method: 'PUT', body: definition });
    setSaved(updated);
    setNotice(said(updated));
    setRev((r) => r + 1);
  };
  const archive = async () => {
    await api(path, { method: 'DELETE' });
    setConfirming(false);
    setNotice('The form is archived: it takes no more submissions. Its leads stay.');
    setSaved(undefined);
    setRev((r) => r + 1);
  };
  const restore = async () => {
    const restored = await api<FormRecord>(`${path}/restore`, { method: 'POST' });
    setSaved(restored);
    setNotice(`The form is live again, at version ${restored.version}.`);
    setRev((r) => r + 1);
  };

  return (
    <div class="page form-page">
      <p class="back">
        <Link to="/forms">← Forms</Link>
      </p>
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1} class="break">
            {title}
          </h1>
          {form && (
            <p class="muted">
              <StatusBadge form={form} /> · version {form.version} · <code>{form.id}</code> ·{' '}
              <Link to={withQuery('/leads', { form: form.id })}>its leads</Link>
            </p>
          )}
        </div>
        {form && (
          <div class="page-actions">
            {form.archivedAt ? (
              <button
                type="button"
                class="button"
                onClick={() => restore().catch((e) => setNotice(String(e.message ?? e)))}
              >
                Restore
              </button>
            ) : (
              <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
                Archive…
              </button>
            )}
          </div>
        )}
      </div>
      {notice && (
        <p class="notice notice-good" role="status">
          {notice}
        </p>
      )}
      {loaded.error !== undefined && !form ? (
        <Failure error={loaded.error} />
      ) : !form ? (
        <Loading what="the form" />
      ) : (
        <>
          {form.archivedAt && (
            <p class="notice" role="note">
              Archived: the form takes no submissions and its tags show nothing. Restore it to take leads
              again.
            </p>
          )}
          {!form.archivedAt && refusesEverySite(form.definition) && tab !== 'origins' && (
            <NoOriginsWarning>
              <Link to={`/forms/${encodeURIComponent(id)}?tab=origins`}>Add an allowed origin</Link>.
            </NoOriginsWarning>
          )}
          <nav aria-label="Form" class="tabs">
            <ul>
              {TABS.map((t) => (
                <li key={t.id}>
                  <Link
                    to={
                      t.id === 'definition'
                        ? `/forms/${encodeURIComponent(id)}`
                        : `/forms/${encodeURIComponent(id)}?tab=${t.id}`
                    }
                    class="tab"
                    current={t.id === tab}
                  >
                    {t.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {/* The editor stays mounted while other parts show, so unsaved changes survive a look at them. */}
          <div hidden={tab !== 'definition'}>
            {startFrom && (
              <p class="notice" role="note">
                The editor holds version {startFrom.version}. Save it to make it the current version again.
              </p>
            )}
            <FormEditor
              initialText={startFrom?.text ?? currentText}
              saveLabel="Save as a new version"
              unchangedSaves={!!startFrom}
              onSave={(definition) => put(definition, (f) => `Saved as version ${f.version}.`)}
            />
          </div>
          {tab === 'embed' && <EmbedSection def={form.definition} />}
          {tab === 'origins' && (
            <OriginsSection
              form={form}
              onSave={(origins, said) =>
                put(
                  { ...form.definition, allowedOrigins: origins },
                  (f) => `${said} Saved as version ${f.version}.`,
                )
              }
            />
          )}
          {tab === 'versions' && (
            <VersionsSection
              form={form}
              onEditFrom={(definition, version) => {
                setStartFrom({ text: toEditorText(definition), version });
                navigate(`/forms/${encodeURIComponent(id)}`);
              }}
            />
          )}
          <ConfirmDialog
            open={confirming}
            title="Archive this form?"
            confirmLabel="Archive form"
            onConfirm={archive}
            onClose={() => setConfirming(false)}
          >
            <p>
              <strong class="break">{title}</strong> stops taking submissions, and its tags on your pages show
              nothing. Its leads and versions stay, and you can restore it at any time.
            </p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
