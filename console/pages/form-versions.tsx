/** A form's versions, newest first, and what changed between any two of them, line by line. */
import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord, FormVersionList } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { toEditorText } from '../components/definition-check.ts';
import { lineDiff } from '../components/line-diff.ts';
import { Failure, Loading } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { useLoad } from '../use-api.ts';

const path = (id: string) => `/v1/admin/forms/${encodeURIComponent(id)}`;

export function VersionsSection({
  form,
  onEditFrom,
}: {
  form: FormRecord;
  /** Puts an older version's definition in the editor (saving it makes it current again). */
  onEditFrom: (definition: FormRecord['definition'], version: number) => void;
}) {
  const versions = useLoad(
    () => api<FormVersionList>(`${path(form.id)}/versions`).then((r) => r.data),
    `${form.id}@${form.version}`,
  );
  const [from, setFrom] = useState(Math.max(1, form.version - 1));
  const [to, setTo] = useState(form.version);
  useEffect(() => {
    setFrom(Math.max(1, form.version - 1));
    setTo(form.version);
  }, [form.version]);
  const pair = useLoad(
    () =>
      Promise.all([from, to].map((v) => api<FormRecord>(`${path(form.id)}/versions/${v}`))) as Promise<
        [FormRecord, FormRecord]
      >,
    `${form.id}:${from}:${to}`,
  );
  const list = versions.data ?? [];
  const pick = (label: string, id: string, value: number, set: (v: number) => void) => (
    <div>
      <label for={id} class="label">
        {label}
      </label>
      <select id={id} class="input" value={value} onChange={(e) => set(Number(e.currentTarget.value))}>
        {list.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version} · {formatTime(v.createdAt)}
          </option>
        ))}
      </select>
    </div>
  );
  const diff =
    pair.data && lineDiff(toEditorText(pair.data[0].definition), toEditorText(pair.data[1].definition));
  const changes = diff?.filter((l) => l.kind === 'added' || l.kind === 'removed').length ?? 0;
  return (
    <section class="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      {versions.error !== undefined ? (
        <Failure error={versions.error} />
      ) : !versions.data ? (
        <Loading what="versions" />
      ) : (
        <>
          <ol class="version-list">
            {list.map((v) => (
              <li key={v.version} class="version-item">
                <span>
                  <strong>Version {v.version}</strong>
                  {v.version === form.version && <span class="muted"> · current</span>}
                </span>
                <span class="muted">{formatTime(v.createdAt)}</span>
                {v.version !== form.version && (
                  <button
                    type="button"
                    class="button button-quiet"
                    onClick={async () => {
                      const old = await api<FormRecord>(`${path(form.id)}/versions/${v.version}`);
                      onEditFrom(old.definition, v.version);
                    }}
                  >
                    Edit from version {v.version}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {list.length > 1 && (
            <div class="compare">
              <h3>Compare</h3>
              <div class="compare-pick">
                {pick('From', 'diff-from', from, setFrom)}
                {pick('To', 'diff-to', to, setTo)}
              </div>
              {pair.error !== undefined ? (
                <Failure error={pair.error} />
              ) : !diff ? (
                <Loading what="the versions" />
              ) : (
                <>
                  <p class="muted" role="status">
                    {changes === 0
                      ? 'These versions are the same.'
                      : `${changes} ${changes === 1 ? 'line' : 'lines'} changed from version ${from} to version ${to}.`}
                  </p>
                  {changes > 0 && (
                    <section
                      class="diff"
                      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus, so the keyboard can scroll it (WCAG 2.1.1; axe's scrollable-region-focusable)
                      tabIndex={0}
                      aria-label={`Changes from version ${from} to version ${to}`}
                    >
                      <pre class="diff-text">
                        {diff.map((l, i) =>
                          l.kind === 'folded' ? (
                            <span key={i} class="diff-line diff-folded">
                              {`⋯ ${l.count} unchanged ${l.count === 1 ? 'line' : 'lines'}\n`}
                            </span>
                          ) : l.kind === 'added' ? (
                            <ins key={i} class="diff-line diff-added">
                              <span class="visually-hidden">added: </span>
                              {`+ ${l.text}\n`}
                            </ins>
                          ) : l.kind === 'removed' ? (
                            <del key={i} class="diff-line diff-removed">
                              <span class="visually-hidden">removed: </span>
                              {`- ${l.text}\n`}
                            </del>
                          ) : (
                            <span key={i} class="diff-line">{`  ${l.text}\n`}</span>
                          ),
                        )}
                      </pre>
                    </section>
                  )}
                </>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
