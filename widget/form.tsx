/**
 * The form: steps with progress, inline errors, Back and Next, sending, and the outcome. Its state lives
 * in this closure and every change renders the whole tree again (Preact diffs it), which is smaller than
 * a component class or hooks: the size budget counts every byte.
 */
import { type ComponentChildren, h, type InputHTMLAttributes, render, type VNode } from 'preact';
import { type CheckedAnswers, checkRules, issueMessage } from '../shared/answers.ts';
import type { FunnelKind } from '../shared/funnel-event.ts';
import type { PublicField, TextPart } from '../shared/public-form.ts';
import { format, type UiStrings } from '../shared/ui-strings.ts';
import { deliver, fetchForm, formUrl, newIdempotencyKey, type Outcome } from './api.ts';
import type { WidgetOptions } from './config.ts';
import { emit, type WidgetEvent } from './events.ts';
import { initialValues } from './hidden-values.ts';
import { PREVIEW, PREVIEW_SENT } from './preview.ts';
import { solve } from './proof.ts';
import { toAnswers } from './to-answers.ts';
import { visitContext } from './visit-context.ts';

type Field = Exclude<PublicField, { type: 'hidden' }>;
type Issue = { path: string; message: string };

let mounts = 0;

/** What an overlay puts around the form: its <dialog>, given the form's words and the id of its title. */
export type Frame = (form: VNode, strings: UiStrings, titleId: string) => VNode;

/**
 * Fetches the form in the visitor's language, renders it into `container` (in `host`'s shadow root),
 * inside `frame` when there is one, and keeps it live. Resolves with what to call when the visitor sees
 * it: the `view` event and its count.
 */
export async function renderForm(
  options: WidgetOptions,
  host: HTMLElement,
  container: Element | ShadowRoot,
  frame: Frame = (form) => form,
) {
  const { apiOrigin } = options;
  const form = await fetchForm(apiOrigin, options.formId, options.locale);
  // An archived form: its closing message where the form would be, and nothing else.
  if (typeof form === 'string') {
    render(frame(<p class="card">{form}</p>, {} as UiStrings, ''), container);
    return () => {};
  }
  // Solved while the visitor types; awaited when they send.
  const proof = solve(form.challenge);
  const s = form.strings;
  const uid = `lg${++mounts}`;
  const context = visitContext(form.locale);
  host.lang = form.locale;
  let values = initialValues(form, new URLSearchParams(location.search), options.data);
  let consents: Record<string, boolean> = {};
  let errors: Record<string, string> = {};
  let pos = 0;
  let status: 'editing' | 'sending' | 'offline' | 'busy' | 'rejected' | 'done' = 'editing';
  let message: string | undefined;
  let outcome: Outcome | undefined;
  // Sending again by itself: seconds left, failed tries in a row (for the backoff), the pending tick.
  let wait = 0;
  let tries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One key per submission, kept across retries (and page loads), so a retry never makes a second lead.
  let key: string | undefined;
  let started = false;
  const { utm, referrer } = context();
  const counted = new Set<string>();

  const id = (path: string) => `${uid}-${path.replace('.', '-')}`;
  const tell = (name: WidgetEvent, detail?: object) => emit(host, name, { formId: form.id, ...detail });
  const check = (step?: number) => checkRules(form, { answers: toAnswers(form, values), consents }, step);
  const issuesOf = (c: CheckedAnswers): Issue[] =>
    c.issues.map((i) => ({ path: i.path, message: issueMessage(i, form) }));

  /**
   * Counts `kind` (at `step`) on the server, once per mount, with a beacon: the form's version, the
   * visit's UTM parameters and the referrer's host, and nothing else (no cookie, no id, no answer).
   */
  const count = (kind: FunnelKind, step = 0) =>
    PREVIEW ||
    counted.has(kind + step) ||
    navigator.sendBeacon(
      `${formUrl(apiOrigin, form.id)}/events`,
      new URLSearchParams({
        ...utm,
        kind: counted.add(kind + step) && kind,
        step: `${step}`,
        version: `${form.version}`,
        referrer: referrer.split('/')[2] ?? '',
      }),
    );

  const q = (selector: string) => container.querySelector<HTMLInputElement>(selector);

  /** Renders again, then focuses: a new step's heading (screen readers announce it), or `selector`. */
  const draw = (focus?: string | true) => {
    render(frame(view(), s, id('title')), container);
    (focus === true ? (q('h3') ?? q('h2')) : focus ? q(focus) : null)?.focus();
  };

  const edit = () => {
    if (!started) {
      started = true;
      tell('start');
      count('start');
    }
    // An error goes as soon as its answer is right (a new one waits for Next or Submit).
    const left = check().issues.map((i) => i.path);
    for (const path in errors) if (!left.includes(path)) delete errors[path];
    draw();
  };

  /** One second of the countdown to the next try, which comes by itself at zero. */
  const tick = () => {
    draw();
    timer = setTimeout(() => (--wait > 0 ? tick() : send()), 1e3);
  };

  const go = (to: number, total: number) => {
    pos = to;
    errors = {};
    draw(true);
    tell('step', { step: to + 1, total });
  };

  const showIssues = (issues: Issue[]) => {
    errors = {};
    for (const i of issues) errors[i.path] ??= i.message;
    const first = issues[0]?.path ?? '';
    // The server may name a field on an earlier step: go there.
    const owner = check().steps.findIndex((i) =>
      form.steps[i]?.fields.some((f) => `answers.${f.key}` === first),
    );
    if (owner >= 0) pos = owner;
    status = 'editing';
    draw(`#${id(first)}`);
    tell('error', { paths: Object.keys(errors) });
  };

  const send = async () => {
    clearTimeout(timer);
    wait = 0;
    const checked = check();
    if (checked.issues.length) return showIssues(issuesOf(checked));
    errors = {};
    status = 'sending';
    draw();
    key ??= newIdempotencyKey();
    const res = PREVIEW
      ? PREVIEW_SENT
      : await deliver({
          apiOrigin,
          formId: form.id,
          key,
          body: {
            formVersion: form.version,
            answers: checked.answers,
            consents: checked.consents,
            context: context(),
            proof: await proof,
            // What a bot that fills every input it finds put in the field people never see.
            honeypot: q('.hp')?.value,
          },
        });
    if (res.kind === 'ok') {
      status = 'done';
      outcome = res.outcome;
      draw(true);
      tell('submit', { leadId: res.id });
      if (outcome.redirectUrl && !outcome.downloadUrl) location.assign(outcome.redirectUrl);
    } else if (res.kind === 'invalid') showIssues(res.issues);
    else {
      status = res.kind;
      if (res.kind === 'rejected') {
        message = res.message;
        draw();
      } else {
        // A 429 says when; otherwise 2, 4, 8… seconds, at most a minute, for as long as the page is open.
        wait = res.kind === 'busy' ? res.seconds : Math.min(60, 2 ** ++tries);
        tick();
      }
      tell('error', { reason: res.kind });
    }
  };

  const submit = (e: Event, at: number, visible: number[]) => {
    e.preventDefault();
    if (status === 'sending') return;
    if (at === visible.length - 1) return void send();
    const checked = check(visible[at]);
    if (checked.issues.length) showIssues(issuesOf(checked));
    else {
      go(at + 1, visible.length);
      count('step', at + 2);
    }
  };

  // Back online: send what failed now, with the same key, rather than at the end of the countdown.
  addEventListener('online', () => status === 'offline' && send());

  /** A visible field's control: a real input, select or textarea (or a fieldset of them), label, help, error. */
  const field = (
    f: Field,
    path: string,
    value: unknown,
    set: (v: unknown) => void,
    text?: ComponentChildren,
  ) => {
    const fid = id(path);
    const error = errors[path];
    const helpId = f.help && `${fid}-help`;
    const errorId = error && `${fid}-error`;
    const aria = {
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': [helpId, errorId].filter(Boolean).join(' ') || undefined,
    };
    const required = f.required ? ('true' as const) : undefined;
    const label = [text ?? f.label, f.required && <span aria-hidden="true"> *</span>];
    const extras = [
      f.help && (
        <span class="help" id={helpId}>
          {f.help}
        </span>
      ),
      error && (
        <span class="error" id={errorId}>
          {error}
        </span>
      ),
    ];
    const common = { ...aria, id: fid, name: f.key, 'aria-required': required };
    const onText = (e: Event) => set((e.currentTarget as HTMLInputElement).value);
    // A checkbox or radio button with its text (in a span, so links and the * flow as one line).
    const choice = (props: InputHTMLAttributes, content: ComponentChildren) => (
      <label class="choice">
        <input {...props} />
        <span>{content}</span>
      </label>
    );

    if (f.type === 'radio' || f.type === 'checkboxes') {
      const many = f.type === 'checkboxes';
      const chosen = many ? ((value as string[] | undefined) ?? []) : [value];
      return (
        <fieldset key={path} class="field" {...aria}>
          <legend>{label}</legend>
          {f.options.map((o, i) =>
            choice(
              {
                type: many ? 'checkbox' : 'radio',
                name: f.key,
                value: o.value,
                id: i ? undefined : fid,
                checked: chosen.includes(o.value),
                'aria-required': many ? undefined : required,
                onChange: (e) =>
                  set(
                    !many
                      ? o.value
                      : e.currentTarget.checked
                        ? [...chosen, o.value]
                        : chosen.filter((x) => x !== o.value),
                  ),
              },
              o.label,
            ),
          )}
          {extras}
        </fieldset>
      );
    }
    return (
      <div key={path} class="field">
        {f.type === 'checkbox' ? (
          choice(
            {
              ...common,
              type: 'checkbox',
              checked: value === true,
              onChange: (e) => set(e.currentTarget.checked),
            },
            label,
          )
        ) : (
          <label for={fid}>{label}</label>
        )}
        {f.type === 'checkbox' ? null : f.type === 'select' ? (
          <select {...common} value={(value as string) ?? ''} onChange={onText}>
            <option value="">{s.choose}</option>
            {f.options.map((o) => (
              <option value={o.value}>{o.label}</option>
            ))}
          </select>
        ) : f.type === 'textarea' ? (
          <textarea
            {...common}
            rows={4}
            placeholder={(f as { placeholder?: string }).placeholder}
            value={(value as string) ?? ''}
            onInput={onText}
          />
        ) : (
          <input
            {...common}
            // Preact types each input type separately; ours is one of text, email, tel, url, number.
            type={f.type as 'text'}
            inputMode={f.type === 'number' ? 'decimal' : undefined}
            placeholder={(f as { placeholder?: string }).placeholder}
            value={(value as string) ?? ''}
            onInput={onText}
            autocomplete={f.autocomplete}
          />
        )}
        {extras}
      </div>
    );
  };

  /** A consent text with its links as <a>s in a new tab; `/paths` are on the Leadgate server. */
  const rich = (parts: TextPart[]) =>
    parts.map((p) =>
      typeof p === 'string' ? (
        p
      ) : (
        <a href={(p.href[0] === '/' ? apiOrigin : '') + p.href} target="_blank" rel="noreferrer">
          {p.link}
        </a>
      ),
    );

  const view = () => {
    if (status === 'done' && outcome) {
      const { downloadUrl, redirectUrl } = outcome;
      return (
        <div class="card done">
          <span class="mark" aria-hidden="true">
            ✓
          </span>
          <h2 id={id('title')} tabIndex={-1}>
            {outcome.title ?? s.thanks}
          </h2>
          <p>{outcome.message}</p>
          {downloadUrl && (
            <div class="actions">
              <a class="button" href={downloadUrl} target="_blank" rel="noopener">
                {outcome.downloadLabel ?? s.download}
              </a>
              {redirectUrl && (
                <a class="button secondary" href={redirectUrl} target="_top">
                  {outcome.continueLabel ?? s.continue}
                </a>
              )}
            </div>
          )}
        </div>
      );
    }
    // A page the form does not take submissions from is told before anyone fills it in.
    if (form.originAllowed === false)
      return (
        <div class="card">
          <h2 id={id('title')}>{form.title}</h2>
          <p>{s.notHere}</p>
        </div>
      );

    const { steps: visible, shown } = check();
    const at = Math.min(pos, visible.length - 1);
    const step = form.steps[visible[at] ?? 0];
    const last = at === visible.length - 1;
    return (
      <form noValidate aria-labelledby={id('title')} onSubmit={(e) => submit(e, at, visible)}>
        <h2 id={id('title')} tabIndex={-1}>
          {form.title}
        </h2>
        {!at && form.description && <p>{form.description}</p>}
        {visible.length > 1 && (
          <div class="progress">
            {format(s.step, { n: at + 1, total: visible.length })}
            <progress max={visible.length} value={at + 1} aria-hidden="true" />
          </div>
        )}
        {step?.title && <h3 tabIndex={-1}>{step.title}</h3>}
        {step?.description && <p>{step.description}</p>}
        {step?.fields.map(
          (f) =>
            f.type !== 'hidden' &&
            shown.has(f.key) &&
            field(f, `answers.${f.key}`, values[f.key], (v) => {
              values = { ...values, [f.key]: v };
              edit();
            }),
        )}
        {last &&
          form.consents.map((c) =>
            // A consent is a checkbox whose label may link: never pre-checked, required or not.
            field(
              { ...c, type: 'checkbox', label: c.text },
              `consents.${c.key}`,
              consents[c.key],
              (v) => {
                consents = { ...consents, [c.key]: v === true };
                edit();
              },
              rich(c.parts),
            ),
          )}
        <input class="hp" name="website" tabIndex={-1} autocomplete="off" aria-hidden="true" />
        <div class="actions">
          {at > 0 && (
            <button type="button" class="secondary" onClick={() => go(at - 1, visible.length)}>
              {s.back}
            </button>
          )}
          <button type="submit" disabled={status === 'sending'}>
            {!last
              ? s.next
              : status === 'sending'
                ? s.sending
                : wait
                  ? // The countdown is in the button, not the status line: a live region would read it out every second.
                    format(s.retry, { n: wait })
                  : (form.submitLabel ?? s.submit)}
          </button>
        </div>
        <p class="status" role="status">
          {status === 'offline' || status === 'busy' ? s[status] : status === 'rejected' ? message : ''}
        </p>
      </form>
    );
  };

  draw();
  // For the site's owner, who is the one who can fix it: the console's allowed origins.
  if (form.originAllowed === false)
    console.warn(`leadgate: form ${form.id} does not allow ${location.origin} (its allowedOrigins)`);
  // (On a page the form refuses, the server turns the view's beacon away, and remembers the page.)
  return () => {
    tell('view');
    count('view');
  };
}
