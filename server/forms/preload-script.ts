/**
 * A form's public definition as a script that runs before the widget, so that `widget.js?form=ID` shows
 * the form with no request after the script: one round trip less for every visitor.
 */

import { formLocales } from '../../shared/localize.ts';
import { DEFAULT_LOCALE } from '../../shared/public-form.ts';
import type { CompiledForms } from './compiled-forms.ts';
import type { StoredForm } from './form-store.ts';

/** Where the widget looks for preloaded forms: `self[PRELOAD_GLOBAL][formId][locale]` (widget/api.ts). */
export const PRELOAD_GLOBAL = 'LeadgateForms';

/**
 * `(self.LeadgateForms ??= {})["id"] = {en: …, de: …, "*": …}`: the form in each of its languages, keyed
 * so that the widget's lookup (its locale lowercased, then its primary subtag, then `*`) picks exactly what
 * `pickLocale` would pick on the server. A language is written once; its keys share the object.
 */
export function preloadScript(form: StoredForm, forms: CompiledForms): string {
  const { definition, version } = form;
  const defaultLocale = definition.defaultLocale ?? DEFAULT_LOCALE;
  const locales = formLocales(definition.title, defaultLocale);
  const keys = new Map<string, string>();
  // pickLocale's order: the exact tag, then the primary subtag as given, then the first of that language.
  for (const l of locales) if (!keys.has(l.toLowerCase())) keys.set(l.toLowerCase(), l);
  for (const l of locales) {
    const primary = l.toLowerCase().split('-')[0] as string;
    if (!keys.has(primary)) keys.set(primary, l);
  }
  // One object per language shown, the default (`*`, no language asked for) among them.
  const shown = new Map<string, object>();
  const localized = (l: string | undefined) => {
    const form = forms.get(definition, version, l).public;
    if (!shown.has(form.locale)) shown.set(form.locale, form);
    return `f${[...shown.keys()].indexOf(form.locale)}`;
  };
  const entries = [...keys].map(([key, l]) => `${JSON.stringify(key)}:${localized(l)}`);
  entries.push(`"*":${localized(undefined)}`);
  const declarations = [...shown.values()].map((form, i) => `f${i}=${JSON.stringify(form)}`);
  const target = `(self.${PRELOAD_GLOBAL}??={})[${JSON.stringify(form.id)}]`;
  return `(()=>{const ${declarations.join(',')};${target}={${entries.join(',')}}})();\n`;
}
