/** Mounting forms and driving overlays: shared by the script tag's boot (index.ts) and the npm entry (lib.ts). */
import { h, render } from 'preact';
import type { WidgetOptions } from './config.ts';
import { renderForm } from './form.tsx';
import { fitTheme, shadowHost } from './mount.ts';
import { createOverlay, type Overlay } from './overlay.tsx';
import { arm } from './triggers.ts';

const overlays = new Map<string, Promise<Overlay>>();
// Inline forms on the page by form and target: the same tag injected twice shows one form.
const inline = new Map<string, HTMLElement>();
let defaults: WidgetOptions | undefined;

function overlayFor(options: WidgetOptions): Promise<Overlay> {
  let o = overlays.get(options.formId);
  if (!o) {
    o = createOverlay(options);
    overlays.set(options.formId, o);
    o.catch(() => overlays.delete(options.formId));
  }
  return o;
}

/** Mounts what one tag (or `mount()`) asks for, beside `anchor` or into `inside`: a form, or an overlay and its button. */
export function start(options: WidgetOptions, anchor: Element | null, inside?: Element): void {
  defaults ??= options;
  const { formId, target } = options;
  const report = (err: unknown) => options.debug && console.error('leadgate:', err);
  // A new shadow host in `inside`, in the data-target element, or right after the tag.
  const place = () => {
    const [host, root] = shadowHost(options);
    const into = inside ?? (target ? document.querySelector(target) : null);
    into ? into.append(host) : anchor?.after(host);
    fitTheme(host, options.theme);
    return [host, root] as const;
  };
  if (options.mode === 'inline') {
    const key = `${formId}|${target}`;
    if (!inside && inline.get(key)?.isConnected) return;
    const [host, root] = place();
    inline.set(key, host);
    // Seen once some of it is on screen: a form further down a page no one scrolls to is not a view.
    renderForm(options, host, root).then((seen) => {
      // The first step's height is kept: a shorter step or the success screen does not pull the page up.
      // (Through --lg-min-height: `all: initial !important` on :host outranks an inline min-height.)
      host.style.setProperty('--lg-min-height', `${host.offsetHeight}px`);
      new IntersectionObserver((entries, observer) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          seen();
        }
      }).observe(host);
    }, report);
    return;
  }
  const overlay = overlayFor(options);
  overlay.catch(report);
  if (options.trigger) arm(options.trigger, formId, options.once, () => overlay.then((o) => o.open()));
  if (options.button)
    render(
      h('button', { type: 'button', onClick: () => overlay.then((o) => o.open(true)) }, options.button),
      place()[1],
    );
}

/** Opens a form as a popup (the one already set up for it, or a new one from the first tag's server). */
export function open(formId: string): void {
  const known = overlays.get(formId) ?? (defaults && overlayFor({ ...defaults, formId, mode: 'popup' }));
  void known?.then((o) => o.open(true));
}

/** Closes every open popup and slide-in. */
export function close(): void {
  for (const o of overlays.values()) void o.then((x) => x.close());
}

/** The server the first tag came from, for `mount()` calls that name none. */
export const defaultOrigin = (): string => defaults?.apiOrigin ?? location.origin;
