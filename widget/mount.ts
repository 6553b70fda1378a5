/** The element a form lives in: a host element with an open shadow root and the adopted stylesheet. */
import type { WidgetOptions } from './config.ts';
import { css } from './styles.ts';

let sheet: CSSStyleSheet | undefined;

/** A new host element with an open shadow root, styled through a constructable stylesheet. */
export function shadowHost(options: WidgetOptions): [HTMLElement, ShadowRoot] {
  const host = document.createElement('leadgate-form');
  // data-theme=light|dark: the scheme for light-dark() and the system colours, whatever the page is.
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

/**
 * `data-theme="auto"` (the default): light or dark as the page is where `host` stands, read from the first
 * ancestor with an opaque background; on none, the page's canvas (dark only where it declares a dark
 * `color-scheme`). The visitor's system setting alone would put a black box on a white page.
 */
export function fitTheme(host: HTMLElement, theme = 'auto'): void {
  if (theme !== 'auto') return;
  let scheme = /dark/.test(getComputedStyle(document.documentElement).colorScheme) ? '' : 'light';
  for (let e = host.parentElement; e; e = e.parentElement) {
    // rgb(r, g, b) or rgba(r, g, b, a): what getComputedStyle gives for colours written in sRGB. Dark below
    // half of a rough luma, (r + 2g + b) / 4, green counting most as it does to the eye.
    const [r = 0, g = 0, b = 0, a = 1] =
      getComputedStyle(e)
        .backgroundColor.match(/[\d.]+/g)
        ?.map(Number) ?? [];
    if (a > 0.5) {
      scheme = r + g + g + b < 512 ? 'dark' : 'light';
      break;
    }
  }
  host.style.setProperty('--lg-scheme', scheme);
}
