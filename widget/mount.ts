/** The element a form lives in: a host element with an open shadow root and the adopted stylesheet. */
import type { WidgetOptions } from './config.ts';
import { css } from './styles.ts';

let sheet: CSSStyleSheet | undefined;

/** A new host element with an open shadow root, styled through a constructable stylesheet. */
export function shadowHost(options: WidgetOptions): [HTMLElement, ShadowRoot] {
  const host = document.createElement('leadgate-form');
  // data-theme=light|dark: the scheme for light-dark() and the system colours, instead of the visitor's.
  if (options.theme) host.style.setProperty('--lg-scheme', options.theme);
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
