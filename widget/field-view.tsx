/** One field's control: a real input, select or textarea (or a fieldset of them) with its label and errors. */
import type { ComponentChildren } from 'preact';
import type { PublicField } from '../shared/public-form.ts';

export type FieldProps = {
  field: Exclude<PublicField, { type: 'hidden' }>;
  /** The issue path; `answers.<key>` unless given (consents are `consents.<key>`). */
  path?: string;
  /** Rich label content (a consent text with links) instead of the plain label. */
  text?: ComponentChildren;
  value: unknown;
  error: string | undefined;
  /** Makes a DOM id unique to this form instance. */
  id: (path: string) => string;
  choose: string;
  onChange: (value: unknown) => void;
};

const AUTOCOMPLETE: Record<string, string> = {
  email: 'email',
  name: 'name',
  tel: 'tel',
  company: 'organization',
};

/** Renders a visible field. */
export function FieldView({
  field: f,
  path = `answers.${f.key}`,
  text,
  value,
  error,
  id,
  choose,
  onChange,
}: FieldProps) {
  const helpId = f.help ? id(`${path}-help`) : '';
  const errorId = error ? id(`${path}-error`) : '';
  const describedBy = `${helpId} ${errorId}`.trim() || undefined;
  const invalid = error ? ('true' as const) : undefined;
  const label = (
    <>
      {text ?? f.label}
      {f.required && <span aria-hidden="true"> *</span>}
    </>
  );
  const extras = (
    <>
      {f.help && (
        <span class="lg-help" id={helpId}>
          {f.help}
        </span>
      )}
      {error && (
        <span class="lg-error" id={errorId}>
          {error}
        </span>
      )}
    </>
  );
  const onText = (e: Event) => onChange((e.currentTarget as HTMLInputElement).value);

  if (f.type === 'radio' || f.type === 'checkboxes') {
    const many = f.type === 'checkboxes';
    const chosen = many ? ((value as string[] | undefined) ?? []) : [value];
    return (
      <fieldset class="lg-field" aria-describedby={describedBy} aria-invalid={invalid}>
        <legend>{label}</legend>
        {f.options.map((o, i) => (
          <label class="lg-choice" key={o.value}>
            <input
              type={many ? 'checkbox' : 'radio'}
              name={f.key}
              value={o.value}
              id={i ? undefined : id(path)}
              checked={chosen.includes(o.value)}
              aria-required={!many && f.required ? 'true' : undefined}
              onChange={(e) =>
                onChange(
                  many
                    ? e.currentTarget.checked
                      ? [...chosen, o.value]
                      : chosen.filter((x) => x !== o.value)
                    : o.value,
                )
              }
            />
            {o.label}
          </label>
        ))}
        {extras}
      </fieldset>
    );
  }

  const common = {
    id: id(path),
    name: f.key,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    'aria-required': f.required ? ('true' as const) : undefined,
  };

  if (f.type === 'checkbox') {
    return (
      <div class="lg-field">
        <label class="lg-choice">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.currentTarget.checked)}
          />
          <span>{label}</span>
        </label>
        {extras}
      </div>
    );
  }

  return (
    <div class="lg-field">
      <label for={id(path)}>{label}</label>
      {f.type === 'select' ? (
        <select {...common} value={(value as string) ?? ''} onChange={onText}>
          <option value="">{choose}</option>
          {f.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : f.type === 'textarea' ? (
        <textarea
          {...common}
          rows={4}
          placeholder={f.placeholder}
          value={(value as string) ?? ''}
          onInput={onText}
        />
      ) : (
        <input
          {...common}
          // Preact types each input type separately; ours is one of text, email, tel, url, number.
          type={f.type as 'text'}
          inputMode={f.type === 'number' ? 'decimal' : undefined}
          placeholder={'placeholder' in f ? f.placeholder : undefined}
          value={(value as string) ?? ''}
          onInput={onText}
          autocomplete={AUTOCOMPLETE[f.type] ?? AUTOCOMPLETE[f.key]}
        />
      )}
      {extras}
    </div>
  );
}
