/** `widget.js?form=ID`: the widget with its form preloaded, built once per form version and kept. */
import type { CompiledForms } from '../forms/compiled-forms.ts';
import type { FormStore } from '../forms/form-store.ts';
import { preloadScript } from '../forms/preload-script.ts';
import { type WidgetAsset, withPrefix } from './widget-asset.ts';

const FORM_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
// Each entry is a compressed copy of the bundle (~35 KB in all); the oldest go first.
const MAX_ENTRIES = 100;

/**
 * A lookup of the script for one form: undefined for an unknown or archived form (the plain bundle is
 * served then, and the widget fetches the form as it always did).
 */
export function formScripts({
  forms,
  compiled,
  widget,
}: {
  forms: FormStore;
  compiled: CompiledForms;
  widget: WidgetAsset;
}) {
  const cache = new Map<string, WidgetAsset>();
  return async function formScript(formId: string): Promise<WidgetAsset | undefined> {
    if (!FORM_ID.test(formId)) return undefined;
    const form = await forms.get(formId);
    if (!form || form.archivedAt !== null) return undefined;
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
