/** Puts a form on the page: a host element, an open shadow root, the adopted stylesheet, the Preact tree. */
import { h, render } from 'preact';
import { fetchForm } from './api.ts';
import type { WidgetOptions } from './config.ts';
import { FormView } from './form-view.tsx';
import { initialValues } from './hidden-values.ts';
import { css } from './styles.ts';

let sheet: CSSStyleSheet | undefined;
let mounts = 0;

/** Styles through a constructable stylesheet: unlike `<style>`, a strict `style-src` CSP allows it. */
function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}

const pageContext = (locale: string) => () => ({
  pageUrl: location.href,
  referrer: document.referrer,
  utm: Object.fromEntries([...new URLSearchParams(location.search)].filter(([k]) => k.startsWith('utm_'))),
  // The language the server chose for the texts shown, so it records consent in that language.
  locale,
});

/** Renders the form into a new shadow host placed at `where`; resolves to the host element. */
export async function mountForm(
  options: WidgetOptions,
  where: (host: HTMLElement) => void,
): Promise<HTMLElement> {
  const host = document.createElement('leadgate-form');
  host.dataset.form = options.formId;
  where(host);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const form = await fetchForm(options.apiOrigin, options.formId, options.locale);
  if (!form) throw new Error(`leadgate: form "${options.formId}" could not be loaded`);
  host.lang = form.locale;
  render(
    h(FormView, {
      form,
      apiOrigin: options.apiOrigin,
      uid: `lg${++mounts}`,
      initial: initialValues(form, new URLSearchParams(location.search), options.data),
      context: pageContext(form.locale),
    }),
    root,
  );
  return host;
}
