/** Puts a form on the page: a host element, an open shadow root, the adopted stylesheet, the Preact tree. */
import { fetchForm } from './api.ts';
import type { WidgetOptions } from './config.ts';
import { showForm } from './form.tsx';
import { initialValues } from './hidden-values.ts';
import { css } from './styles.ts';
import { visitContext } from './visit-context.ts';

let sheet: CSSStyleSheet | undefined;
let mounts = 0;

/** A new host element with an open shadow root, styled through a constructable stylesheet. */
export function shadowHost(options: WidgetOptions): [HTMLElement, ShadowRoot] {
  const host = document.createElement('leadgate-form');
  host.dataset.form = options.formId;
  if (options.theme) host.dataset.theme = options.theme;
  if (options.zIndex) host.style.setProperty('--lg-z', options.zIndex);
  const root = host.attachShadow({ mode: 'open' });
  // Unlike a <style> element, an adopted sheet is allowed by a strict `style-src` CSP.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  root.adoptedStyleSheets = [sheet];
  return [host, root];
}

/** Fetches the form and renders it into `container` (inside `host`'s shadow root). */
export async function renderForm(options: WidgetOptions, host: HTMLElement, container: Element | ShadowRoot) {
  const form = await fetchForm(options.apiOrigin, options.formId, options.locale);
  host.lang = form.locale;
  showForm(
    {
      form,
      apiOrigin: options.apiOrigin,
      host,
      uid: `lg${++mounts}`,
      initial: initialValues(form, new URLSearchParams(location.search), options.data),
      context: visitContext(form.locale),
    },
    container,
  );
}
