/**
 * The script tag's entry: mounts each form tag once, keeps watching for tags a single-page app adds, and
 * exposes `window.Leadgate`. Nothing here may throw into the host page; problems are logged only with
 * `data-debug`.
 */

import { flushPending } from './api.ts';
import { type MountOptions, mountOptions, readOptions } from './config.ts';
import { close, defaultOrigin, open, start } from './controller.ts';

type LeadgateApi = {
  open(formId: string): void;
  close(): void;
  mount(element: Element, options: MountOptions): void;
};

const w = window as unknown as { Leadgate?: LeadgateApi };
// Tags already handled: an SPA re-render must not mount one twice.
const handled = new WeakSet<Element>();

function scan(): void {
  for (const script of document.querySelectorAll<HTMLScriptElement>('script[data-leadgate-form]')) {
    if (handled.has(script)) continue;
    handled.add(script);
    // One tag's mistake (a data-target that is not a selector) costs only that tag, and never the page.
    try {
      const options = readOptions(script);
      if (options) start(options, script);
    } catch (err) {
      if ('debug' in script.dataset) console.error('leadgate:', err);
    }
  }
}

try {
  // A second copy of this script finds Leadgate defined and does nothing: the first mounts everything.
  if (!w.Leadgate) {
    w.Leadgate = {
      open,
      close,
      mount: (element, options) => start(mountOptions(options, defaultOrigin()), null, element),
    };
    // Any element with data-leadgate-open="<formId>" opens that form as a popup.
    document.addEventListener('click', (e) => {
      const opener = (e.target as Element | null)?.closest?.<HTMLElement>('[data-leadgate-open]');
      if (!opener) return;
      e.preventDefault();
      open(opener.dataset.leadgateOpen as string);
    });
    // Single-page apps add tags as routes change; mount those too, each once.
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
    scan();
    // Not urgent, and the first read of localStorage is slow (the browser loads the site's store): a
    // second later, so it does not hold up the form's first view.
    setTimeout(flushPending, 1e3);
  }
} catch {
  // Never break the host page.
}
