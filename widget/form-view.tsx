/** The form as Preact renders it: steps with progress, inline errors, Back and Next, and the outcome. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { checkAnswers, issueMessage } from '../shared/answers.ts';
import type { PublicForm } from '../shared/public-form.ts';
import { format } from '../shared/ui-strings.ts';
import { newIdempotencyKey, type Outcome, type Submission, submit } from './api.ts';
import { FieldView } from './field-view.tsx';
import { RichText } from './rich-text.tsx';
import { toAnswers } from './to-answers.ts';

type Props = {
  form: PublicForm;
  apiOrigin: string;
  uid: string;
  initial: Record<string, unknown>;
  context: () => Submission['context'];
};

type Status =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'offline' }
  | { kind: 'rejected'; message: string }
  | { kind: 'done'; outcome: Outcome };

/** The whole form. */
export function FormView({ form, apiOrigin, uid, initial, context }: Props) {
  const [values, setValues] = useState(initial);
  const [consents, setConsents] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pos, setPos] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: 'editing' });
  const key = useRef<string | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const s = form.strings;
  const id = (path: string) => `${uid}-${path.replace('.', '-')}`;

  const input = { answers: toAnswers(form, values), consents };
  const { steps: visible, shown } = checkAnswers(form, input);
  const at = Math.min(pos, visible.length - 1);
  const stepIndex = visible[at] ?? 0;
  const step = form.steps[stepIndex];
  const last = at === visible.length - 1;

  // A new step or the outcome takes focus at its heading, so screen readers announce where the visitor is.
  useEffect(() => {
    if (moved.current) root.current?.querySelector<HTMLElement>('h2,h3')?.focus();
    moved.current = false;
  }, [at, status.kind === 'done']);

  const go = (next: number) => {
    moved.current = true;
    setPos(next);
  };

  const showIssues = (issues: { path: string; message: string }[]) => {
    const next: Record<string, string> = {};
    for (const issue of issues) next[issue.path] ??= issue.message;
    setErrors(next);
    const first = issues[0]?.path;
    if (!first) return;
    // Server-side issues may belong to an earlier step: go there.
    const owner = form.steps.findIndex((st) => st.fields.some((f) => `answers.${f.key}` === first));
    if (owner >= 0 && owner !== stepIndex) go(Math.max(0, visible.indexOf(owner)));
    requestAnimationFrame(() => root.current?.querySelector<HTMLElement>(`#${id(first)}`)?.focus());
  };

  const send = async () => {
    const checked = checkAnswers(form, input);
    if (checked.issues.length > 0) {
      return showIssues(checked.issues.map((i) => ({ path: i.path, message: issueMessage(i, form) })));
    }
    setErrors({});
    setStatus({ kind: 'sending' });
    // One key per submission, kept across retries, so a retry can never make a second lead.
    key.current ??= newIdempotencyKey();
    const body = {
      formVersion: form.version,
      answers: checked.answers,
      consents: checked.consents,
      context: context(),
    };
    const res = await submit(apiOrigin, form.id, body, key.current);
    if (res.kind === 'ok') {
      moved.current = true;
      setStatus({ kind: 'done', outcome: res.outcome });
      if (res.outcome.redirectUrl && !res.outcome.downloadUrl) location.assign(res.outcome.redirectUrl);
    } else if (res.kind === 'invalid') {
      setStatus({ kind: 'editing' });
      showIssues(res.issues);
    } else {
      setStatus(res.kind === 'offline' ? { kind: 'offline' } : { kind: 'rejected', message: res.message });
    }
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (status.kind === 'sending') return;
    if (last) return void send();
    const issues = checkAnswers(form, input, stepIndex).issues;
    if (issues.length > 0)
      return showIssues(issues.map((i) => ({ path: i.path, message: issueMessage(i, form) })));
    setErrors({});
    go(at + 1);
  };

  if (status.kind === 'done') {
    const { message, downloadUrl, redirectUrl } = status.outcome;
    return (
      <div class="lg-card" ref={root}>
        <h2 tabIndex={-1} aria-live="polite">
          {message}
        </h2>
        {downloadUrl && (
          <a class="lg-button" href={downloadUrl} target="_blank" rel="noopener">
            {s.download}
          </a>
        )}
        {redirectUrl && downloadUrl && (
          <a class="lg-button" href={redirectUrl} target="_top">
            {s.continue}
          </a>
        )}
      </div>
    );
  }

  return (
    <div ref={root}>
      <form noValidate aria-labelledby={id('title')} onSubmit={onSubmit}>
        <h2 id={id('title')} tabIndex={-1}>
          {form.title}
        </h2>
        {form.description && at === 0 && <p>{form.description}</p>}
        {visible.length > 1 && (
          <div class="lg-progress">
            <span>{format(s.step, { n: at + 1, total: visible.length })}</span>
            <progress max={visible.length} value={at + 1} aria-hidden="true" />
          </div>
        )}
        {step?.title && <h3 tabIndex={-1}>{step.title}</h3>}
        {step?.description && <p>{step.description}</p>}
        {step?.fields.map((f) =>
          f.type !== 'hidden' && shown.has(f.key) ? (
            <FieldView
              key={f.key}
              field={f}
              value={values[f.key]}
              error={errors[`answers.${f.key}`]}
              id={id}
              choose={s.choose}
              onChange={(v) => setValues({ ...values, [f.key]: v })}
            />
          ) : null,
        )}
        {last &&
          form.consents.map((c) => {
            const path = `consents.${c.key}`;
            const error = errors[path];
            return (
              <div class="lg-field" key={c.key}>
                <label class="lg-choice">
                  <input
                    type="checkbox"
                    id={id(path)}
                    name={c.key}
                    checked={consents[c.key] === true}
                    onChange={(e) => setConsents({ ...consents, [c.key]: e.currentTarget.checked })}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error ? id(`${path}-error`) : undefined}
                    aria-required={c.required ? 'true' : undefined}
                  />
                  <span>
                    <RichText text={c.text} origin={apiOrigin} />
                    {c.required && <span aria-hidden="true"> *</span>}
                  </span>
                </label>
                {error && (
                  <span class="lg-error" id={id(`${path}-error`)}>
                    {error}
                  </span>
                )}
              </div>
            );
          })}
        <div class="lg-actions">
          {at > 0 && (
            <button type="button" class="lg-secondary" onClick={() => go(at - 1)}>
              {s.back}
            </button>
          )}
          <button type="submit" disabled={status.kind === 'sending'}>
            {!last
              ? s.next
              : status.kind === 'sending'
                ? s.sending
                : status.kind === 'offline'
                  ? s.retry
                  : (form.submitLabel ?? s.submit)}
          </button>
        </div>
        <p class="lg-status" role="status" aria-live="polite">
          {status.kind === 'offline' && s.offline}
          {status.kind === 'rejected' && status.message}
        </p>
      </form>
    </div>
  );
}
