/** What a browser sees of a form: one language, steps always, and nothing about scoring or origins. */
import type { Consent, Field, FormDefinition, LocalizedText, Step } from './form-definition.ts';
import { formLocales, localize, pickLocale } from './localize.ts';
import type { Challenge } from './proof.ts';
import { UI_STRINGS, type UiStrings } from './ui-strings.ts';

type TextKey = 'label' | 'help' | 'placeholder' | 'patternMessage' | 'title' | 'description' | 'text';

/** `T` with its visitor-facing texts resolved to one language (distributes over unions). */
type Localized<T> = T extends unknown
  ? { [P in keyof T]: P extends TextKey ? (undefined extends T[P] ? string | undefined : string) : T[P] }
  : never;

type WithoutPoints<F> = F extends { options: unknown }
  ? Omit<F, 'options'> & { options: { value: string; label: string }[] }
  : Omit<F, 'points'>;

export type PublicField = Localized<WithoutPoints<Field>>;
export type PublicStep = Omit<Localized<Step>, 'fields'> & { fields: PublicField[] };
/** A consent's text as shown: plain text, and links written `[label](url)` in the definition. */
export type TextPart = string | { link: string; href: string };
export type PublicConsent = Localized<Consent> & { parts: TextPart[] };

// Only http(s) URLs and paths on the Leadgate server become links.
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|\/)[^\s)]*)\)/;

/** `text` split into plain parts and links (a split by a regex with two groups: text, label, url, …, text). */
export function textParts(text: string): TextPart[] {
  const pieces = text.split(LINK);
  const parts: TextPart[] = [];
  for (let i = 0; i < pieces.length; i += 3) {
    if (pieces[i]) parts.push(pieces[i] as string);
    if (i + 2 < pieces.length) parts.push({ link: pieces[i + 1] as string, href: pieces[i + 2] as string });
  }
  return parts;
}

export type PublicForm = {
  id: string;
  version: number;
  /** The language the texts below are in. */
  locale: string;
  title: string;
  description?: string;
  submitLabel?: string;
  steps: PublicStep[];
  consents: PublicConsent[];
  /** The widget's own words in `locale`. */
  strings: UiStrings;
  /** Fresh with every fetch, unless bot checks are off: solve it and send it back as the submission's `proof`. */
  challenge?: Challenge;
  /**
   * False when the page that asked (its `Origin`) may not send this form: the widget says so before the
   * visitor starts, rather than after they filled it in. Absent otherwise.
   */
  originAllowed?: false;
};

/** The steps of a definition: its `steps`, or one step holding its `fields`. */
export function stepsOf(def: Pick<FormDefinition, 'steps' | 'fields'>): Step[] {
  return def.steps ?? [{ fields: def.fields ?? [] }];
}

export const DEFAULT_LOCALE = 'en';
const TEXT_KEYS = ['label', 'help', 'placeholder', 'patternMessage'] as const;
// Autofill hints a field gets by its type, or else by its key, unless it names its own.
const AUTOCOMPLETE: Record<string, string> = {
  email: 'email',
  tel: 'tel',
  name: 'name',
  company: 'organization',
};

/** The public form in the language closest to `requestedLocale`. */
export function toPublicForm(def: FormDefinition, version: number, requestedLocale?: string): PublicForm {
  const defaultLocale = def.defaultLocale ?? DEFAULT_LOCALE;
  const locale = pickLocale(requestedLocale, formLocales(def.title, defaultLocale), defaultLocale);
  const t = (text: LocalizedText) => localize(text, locale, defaultLocale);
  const opt = <K extends string>(key: K, text: LocalizedText | undefined) =>
    (text === undefined ? {} : { [key]: t(text) }) as Partial<Record<K, string>>;

  const field = (f: Field): PublicField => {
    const out: Record<string, unknown> = { ...f };
    for (const k of TEXT_KEYS) if (out[k] !== undefined) out[k] = t(out[k] as LocalizedText);
    if ('options' in f) out.options = f.options.map((o) => ({ value: o.value, label: t(o.label) }));
    // The widget reads `data-source-page` as `dataset.sourcePage`.
    if (f.type === 'hidden' && f.fromData)
      out.fromData = f.fromData.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const auto = AUTOCOMPLETE[f.type] ?? AUTOCOMPLETE[f.key];
    if (auto && f.type !== 'hidden' && out.autocomplete === undefined) out.autocomplete = auto;
    delete out.points;
    return out as PublicField;
  };

  return {
    id: def.id,
    version,
    locale,
    title: t(def.title),
    ...opt('description', def.description),
    ...opt('submitLabel', def.submitLabel),
    steps: stepsOf(def).map((s) => ({
      ...opt('title', s.title),
      ...opt('description', s.description),
      ...(s.showIf ? { showIf: s.showIf } : {}),
      fields: s.fields.map(field),
    })),
    consents: (def.consents ?? []).map((c) => {
      const text = t(c.text);
      return { key: c.key, text, parts: textParts(text), ...(c.required ? { required: true } : {}) };
    }),
    strings: uiStrings(locale),
  };
}

/** The widget's words in the language closest to `locale`. */
const uiStrings = (locale: string) =>
  UI_STRINGS[pickLocale(locale, Object.keys(UI_STRINGS), DEFAULT_LOCALE) as keyof typeof UI_STRINGS];

/** What the widget shows for an archived form, in the language closest to `requestedLocale`. */
export function closedMessage(def: FormDefinition, requestedLocale?: string): string {
  const defaultLocale = def.defaultLocale ?? DEFAULT_LOCALE;
  const locale = pickLocale(requestedLocale, formLocales(def.title, defaultLocale), defaultLocale);
  return def.closedMessage ? localize(def.closedMessage, locale, defaultLocale) : uiStrings(locale).closed;
}
