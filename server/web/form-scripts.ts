/** `widget.js?form=ID`: the widget with its form preloaded, built once per form version and kept. */
import { acceptsOrigin, refererOrigin } from '../forms/accepts-origin.ts';
import type { CompiledForms } from '../forms/compiled-forms.ts';
import type { FormStore } from '../forms/form-store.ts';
import { preloadScript } from '../forms/preload-script.ts';
import { type WidgetAsset, withPrefix } from './widget-asset.ts';

const FORM_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
// Each entry is a compressed copy of the bundle (~35 KB in all); the oldest go first.
const MAX_ENTRIES = 100;

/**
 * A lookup of the script for one form, asked for by a page at `referer`: undefined for an unknown or
 * archived form, or for a page whose origin the form refuses (the plain bundle is served then; the widget
 * fetches the form, and the answer says it is closed, or not for this page, before the visitor starts).
 */
export function formScripts({
  forms,
  compiled,
  widget,
  ownOrigin,
}: {
  forms: FormStore;
  compiled: CompiledForms;
  widget: WidgetAsset;
  ownOrigin: () => string;
}) {
  const cache = new Map<string, WidgetAsset>();
  return async function formScript(formId: string, referer?: string): Promise<WidgetAsset | undefined> {
    if (!FORM_ID.test(formId)) return undefined;
    const form = await forms.get(formId);
    if (!form || form.archivedAt !== null) return undefined;
    // A classic script's request carries no Origin; its Referer names the page (by default its origin
    // alone, cross-origin). None sent: the form is preloaded, and a submission finds out.
    if (!acceptsOrigin(form.definition, refererOrigin(referer), ownOrigin())) return undefined;
    const key = `${form.id}@${form.version}`;
    let asset = cache.get(key);
    if (!asset) {
      asset = withPrefix(widget, preloadScript(form, compiled));
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(key, asset);
    }
    return asset;
  };
}
