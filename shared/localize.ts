/** Choosing a language and picking a text in it. */
import type { LocalizedText } from './form-definition.ts';

/** The best of `available` for `requested` (`pt-BR` → `pt-BR`, else `pt`, else a `pt-…`), or `fallback`. */
export function pickLocale(
  requested: string | undefined,
  available: readonly string[],
  fallback: string,
): string {
  if (!requested) return fallback;
  const wanted = requested.toLowerCase();
  const lower = available.map((l) => l.toLowerCase());
  const primary = wanted.split('-')[0] ?? wanted;
  const i = [
    lower.indexOf(wanted),
    lower.indexOf(primary),
    lower.findIndex((l) => l.split('-')[0] === primary),
  ].find((n) => n >= 0);
  return i === undefined ? fallback : (available[i] ?? fallback);
}

/** The text in `locale`, else in `defaultLocale`, else the first one given. */
export function localize(text: LocalizedText, locale: string, defaultLocale: string): string {
  if (typeof text === 'string') return text;
  const locales = Object.keys(text);
  const chosen = pickLocale(locale, locales, pickLocale(defaultLocale, locales, locales[0] ?? ''));
  return text[chosen] ?? '';
}

/** The languages a form is written in: those of its title (plain strings are in `defaultLocale`). */
export function formLocales(title: LocalizedText, defaultLocale: string): string[] {
  return typeof title === 'string' ? [defaultLocale] : Object.keys(title);
}
