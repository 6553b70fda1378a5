/** The form as Preact renders it: steps with progress, inline errors, Back and Next, and the outcome. */
import { Component } from 'preact';
import { checkAnswers, issueMessage } from '../shared/answers.ts';
import type { PublicForm } from '../shared/public-form.ts';
import { format } from '../shared/ui-strings.ts';
import { newIdempotencyKey, type Outcome, type Submission } from './api.ts';
import { emit } from './events.ts';
import { FieldView } from './field-view.tsx';
import { deliver } from './pending.ts';
import { RichText } from './rich-text.tsx';
import { toAnswers } from './to-answers.ts';

export type FormProps = {
  form: PublicForm;
  apiOrigin: string;
  host: HTMLElement;
  uid: string;
  initial: Record<string, unknown>;
  context: () => Submission['context'];
};

type State = {
  values: Record<string, unknown>;
  consents: Record<string, boolean>;
  errors: Record<string, string>;
  pos: number;
  status: 'editing' | 'sending' | 'offline' | 'rejected' | 'done';
  message?: string;
  outcome?: Outcome;
};

type Issue = { path: string; message: string };

/** The whole form. A class, not hooks: preact/hooks would cost a tenth of the size budget. */
export class FormView extends Component<FormProps, State> {
  override state: State = { values: this.props.initial, consents: {}, errors: {}, pos: 0, status: 'editing' };
  key: string | undefined;
  moved = false;
  started = false;
  root: HTMLElement | null = null;
  // Back online: send what failed, with the same key.
  retry = () => this.state.status === 'offline' && this.send();

  override componentDidMount() {
    addEventListener('online', this.retry);
  }
  override componentWillUnmount() {
    removeEventListener('online', this.retry);
  }
  // A new step or the outcome takes focus at its heading, so screen readers announce where the visitor is.
  override componentDidUpdate() {
    if (this.moved) (this.root?.querySelector('h3') ?? this.root?.querySelector('h2'))?.focus();
    this.moved = false;
  }

  id = (path: string) => `${this.props.uid}-${path.replace('.', '-')}`;
  input = () => ({ answers: toAnswers(this.props.form, this.state.values), consents: this.state.consents });
  messages = (issues: ReturnType<typeof checkAnswers>['issues']): Issue[] =>
    issues.map((i) => ({ path: i.path, message: issueMessage(i, this.props.form) }));

  change(patch: Partial<State>) {
    if (!this.started) {
      this.started = true;
      emit(this.props.host, 'start', { formId: this.props.form.id });
    }
    this.setState(patch);
  }

  go(pos: number, total: number) {
    this.moved = true;
    this.setState({ pos, errors: {} });
    emit(this.props.host, 'step', { formId: this.props.form.id, step: pos + 1, total });
  }

  showIssues(issues: Issue[]) {
    const { form } = this.props;
    const errors: Record<string, string> = {};
    for (const i of issues) errors[i.path] ??= i.message;
    const first = issues[0]?.path ?? '';
    // The server may name a field on an earlier step: go there.
    const steps = checkAnswers(form, this.input()).steps;
    const owner = steps.findIndex((s) => form.steps[s]?.fields.some((f) => `answers.${f.key}` === first));
    this.setState({ errors, status: 'editing', ...(owner >= 0 ? { pos: owner } : {}) });
    emit(this.props.host, 'error', { formId: form.id, paths: Object.keys(errors) });
    requestAnimationFrame(() => this.root?.querySelector<HTMLElement>(`#${this.id(first)}`)?.focus());
  }

  async send() {
    const { form, apiOrigin, host } = this.props;
    const checked = checkAnswers(form, this.input());
    if (checked.issues.length > 0) return this.showIssues(this.messages(checked.issues));
    this.setState({ errors: {}, status: 'sending' });
    // One key per submission, kept across retries (and page loads), so a retry never makes a second lead.
    this.key ??= newIdempotencyKey();
    const body = {
      formVersion: form.version,
      answers: checked.answers,
      consents: checked.consents,
      context: this.props.context(),
    };
    const res = await deliver({ apiOrigin, formId: form.id, key: this.key, body });
    if (res.kind === 'ok') {
      this.moved = true;
      this.setState({ status: 'done', outcome: res.outcome });
      emit(host, 'submit', { formId: form.id, leadId: res.id });
      if (res.outcome.redirectUrl && !res.outcome.downloadUrl) location.assign(res.outcome.redirectUrl);
    } else if (res.kind === 'invalid') {
      this.showIssues(res.issues);
    } else {
      this.setState(
        res.kind === 'offline' ? { status: 'offline' } : { status: 'rejected', message: res.message },
      );
      emit(host, 'error', { formId: form.id, reason: res.kind });
    }
  }

  submit = (e: Event, at: number, visible: number[]) => {
    e.preventDefault();
    if (this.state.status === 'sending') return;
    if (at === visible.length - 1) return void this.send();
    const issues = checkAnswers(this.props.form, this.input(), visible[at]).issues;
    if (issues.length > 0) return this.showIssues(this.messages(issues));
    this.go(at + 1, visible.length);
  };

  override render(
    { form, apiOrigin }: FormProps,
    { values, consents, errors, pos, status, outcome, message }: State,
  ) {
    const s = form.strings;
    const id = this.id;
    const ref = (el: HTMLElement | null) => {
      this.root = el;
    };
    if (status === 'done' && outcome) {
      const { downloadUrl, redirectUrl } = outcome;
      return (
        <div class="lg-card" ref={ref}>
          <h2 tabIndex={-1} aria-live="polite">
            {outcome.message}
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

    const { steps: visible, shown } = checkAnswers(form, this.input());
    const at = Math.min(pos, visible.length - 1);
    const step = form.steps[visible[at] ?? 0];
    const last = at === visible.length - 1;
    return (
      <form ref={ref} noValidate aria-labelledby={id('title')} onSubmit={(e) => this.submit(e, at, visible)}>
        <h2 id={id('title')} tabIndex={-1}>
          {form.title}
        </h2>
        {form.description && at === 0 && <p>{form.description}</p>}
        {visible.length > 1 && (
          <div class="lg-progress">
            {format(s.step, { n: at + 1, total: visible.length })}
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
              onChange={(v) => this.change({ values: { ...values, [f.key]: v } })}
            />
          ) : null,
        )}
        {last &&
          form.consents.map((c) => (
            // A consent is a checkbox whose label may link: never pre-checked, required or not.
            <FieldView
              key={c.key}
              field={{
                key: c.key,
                type: 'checkbox',
                label: c.text,
                ...(c.required ? { required: true } : {}),
              }}
              path={`consents.${c.key}`}
              text={<RichText text={c.text} origin={apiOrigin} />}
              value={consents[c.key]}
              error={errors[`consents.${c.key}`]}
              id={id}
              choose={s.choose}
              onChange={(v) => this.change({ consents: { ...consents, [c.key]: v === true } })}
            />
          ))}
        <div class="lg-actions">
          {at > 0 && (
            <button type="button" class="lg-secondary" onClick={() => this.go(at - 1, visible.length)}>
              {s.back}
            </button>
          )}
          <button type="submit" disabled={status === 'sending'}>
            {!last
              ? s.next
              : status === 'sending'
                ? s.sending
                : status === 'offline'
                  ? s.retry
                  : (form.submitLabel ?? s.submit)}
          </button>
        </div>
        <p class="lg-status" role="status" aria-live="polite">
          {status === 'offline' ? s.offline : status === 'rejected' ? message : ''}
        </p>
      </form>
    );
  }
}
