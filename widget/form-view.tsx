/** The form as Preact renders it: real inputs with labels, inline errors, and the outcome. */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { PublicField, PublicForm } from '../shared/form-definition.ts';
import { compileSubmission, type FieldIssue } from '../shared/submission.ts';
import { newIdempotencyKey, type Outcome, type Submission, type SubmitResponse, submit } from './api.ts';

type Props = { form: PublicForm; apiOrigin: string; uid: string; context: () => Submission['context'] };

type Status =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'offline' }
  | { kind: 'rejected'; message: string }
  | { kind: 'done'; outcome: Outcome };

/** Turns the inputs' strings into typed answers; empty means unanswered. */
function toAnswers(form: PublicForm, raw: Record<string, string>): Record<string, string | number> {
  const answers: Record<string, string | number> = {};
  for (const f of form.fields) {
    const value = raw[f.key]?.trim() ?? '';
    if (value === '') continue;
    answers[f.key] = f.type === 'number' && !Number.isNaN(Number(value)) ? Number(value) : value;
  }
  return answers;
}

/** The whole form: fields, consents, submit button, status. */
export function FormView({ form, apiOrigin, uid, context }: Props) {
  const validate = useMemo(() => compileSubmission(form), [form]);
  const [raw, setRaw] = useState<Record<string, string>>({});
  const [consents, setConsents] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'editing' });
  const key = useRef<string | undefined>(undefined);
  const formEl = useRef<HTMLFormElement>(null);
  const id = (path: string) => `${uid}-${path.replace('.', '-')}`;

  const showIssues = (issues: FieldIssue[]) => {
    const next: Record<string, string> = {};
    for (const issue of issues) next[issue.path] ??= issue.message;
    setErrors(next);
    const first = issues[0];
    if (first)
      requestAnimationFrame(() => formEl.current?.querySelector<HTMLElement>(`#${id(first.path)}`)?.focus());
  };

  const send = async () => {
    const submission = {
      formVersion: form.version,
      answers: toAnswers(form, raw),
      consents,
      context: context(),
    };
    const checked = validate(submission);
    if (!checked.success) return showIssues(checked.issues);
    setErrors({});
    setStatus({ kind: 'sending' });
    // One key per submission, kept across retries, so a retry can never make a second lead.
    key.current ??= newIdempotencyKey();
    const res: SubmitResponse = await submit(apiOrigin, form.id, submission, key.current);
    if (res.kind === 'ok') {
      setStatus({ kind: 'done', outcome: res.outcome });
      if (res.outcome.redirectUrl && !res.outcome.downloadUrl) location.assign(res.outcome.redirectUrl);
    } else if (res.kind === 'invalid') {
      setStatus({ kind: 'editing' });
      showIssues(res.issues);
    } else {
      setStatus(res.kind === 'offline' ? { kind: 'offline' } : { kind: 'rejected', message: res.message });
    }
  };

  if (status.kind === 'done') {
    const { message, downloadUrl, redirectUrl } = status.outcome;
    return (
      <div class="lg-card" role="status">
        <h2>{message}</h2>
        {downloadUrl && (
          <a class="lg-button" href={downloadUrl} target="_blank" rel="noopener">
            Download
          </a>
        )}
        {redirectUrl && downloadUrl && (
          <a class="lg-button" href={redirectUrl} target="_top">
            Continue
          </a>
        )}
      </div>
    );
  }

  const field = (f: PublicField) => {
    const path = `answers.${f.key}`;
    const error = errors[path];
    const describedBy = [f.help && id(`${path}-help`), error && id(`${path}-error`)]
      .filter(Boolean)
      .join(' ');
    const common = {
      id: id(path),
      name: f.key,
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': describedBy || undefined,
      'aria-required': f.required ? ('true' as const) : undefined,
    };
    const set = (e: Event) => setRaw({ ...raw, [f.key]: (e.currentTarget as HTMLInputElement).value });
    const label = (
      <>
        {f.label}
        {f.required && <span class="lg-req"> *</span>}
      </>
    );
    const extras = (
      <>
        {f.help && (
          <span class="lg-help" id={id(`${path}-help`)}>
            {f.help}
          </span>
        )}
        {error && (
          <span class="lg-error" id={id(`${path}-error`)}>
            {error}
          </span>
        )}
      </>
    );
    if (f.type === 'radio') {
      return (
        <fieldset class="lg-field" key={f.key} aria-describedby={describedBy || undefined}>
          <legend>{label}</legend>
          {f.options.map((o, i) => (
            <label class="lg-choice" key={o.value}>
              <input
                type="radio"
                name={f.key}
                value={o.value}
                id={i === 0 ? id(path) : undefined}
                checked={raw[f.key] === o.value}
                onChange={set}
                aria-invalid={error ? 'true' : undefined}
              />
              {o.label}
            </label>
          ))}
          {extras}
        </fieldset>
      );
    }
    return (
      <div class="lg-field" key={f.key}>
        <label for={id(path)}>{label}</label>
        {f.type === 'select' ? (
          <select {...common} value={raw[f.key] ?? ''} onChange={set}>
            <option value="">Choose…</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : f.type === 'textarea' ? (
          <textarea {...common} rows={4} placeholder={f.placeholder} value={raw[f.key] ?? ''} onInput={set} />
        ) : (
          <input
            {...common}
            type={f.type as 'text'}
            placeholder={f.placeholder}
            value={raw[f.key] ?? ''}
            onInput={set}
            autocomplete={f.type === 'email' ? 'email' : f.key === 'name' ? 'name' : undefined}
          />
        )}
        {extras}
      </div>
    );
  };

  return (
    <form
      ref={formEl}
      noValidate
      aria-labelledby={id('title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (status.kind !== 'sending') void send();
      }}
    >
      <h2 id={id('title')}>{form.title}</h2>
      {form.description && <p>{form.description}</p>}
      {form.fields.map(field)}
      {form.consents.map((c) => {
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
                {c.text}
                {c.required && <span class="lg-req"> *</span>}
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
      <button type="submit" disabled={status.kind === 'sending'}>
        {status.kind === 'sending'
          ? 'Sending…'
          : status.kind === 'offline'
            ? 'Retry'
            : (form.submitLabel ?? 'Submit')}
      </button>
      <p class="lg-status" role="status" aria-live="polite">
        {status.kind === 'offline' && 'We could not reach the server. Check your connection and retry.'}
        {status.kind === 'rejected' && status.message}
      </p>
    </form>
  );
}
