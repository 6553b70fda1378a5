/** Mounting forms and driving overlays: shared by the script tag's boot (index.ts) and the npm entry (lib.ts). */
import { h, render } from 'preact';
import type { WidgetOptions } from './config.ts';
import { emit } from './events.ts';
import { renderForm, shadowHost } from './mount.ts';
import { createOverlay, type Overlay } from './overlay.tsx';
import { arm } from './triggers.ts';

const overlays = new Map<string, Promise<Overlay>>();
// Inline forms on the page by form and target: the same tag injected twice shows one form.
const inline = new Map<string, HTMLElement>();
let defaults: WidgetOptions | undefined;

const report = (options: { debug: boolean }) => (err: unknown) => {
  if (options.debug) console.error('leadgate:', err);
};

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
  if (options.mode === 'inline') {
    const key = `${options.formId}|${options.target ?? ''}`;
    if (!inside && inline.get(key)?.isConnected) return;
    const [host, root] = shadowHost(options);
    inline.set(key, host);
    const target = inside ?? (options.target ? document.querySelector(options.target) : null);
    if (target) target.append(host);
    else anchor?.after(host);
    renderForm(options, host, root)
      .then(() => emit(host, 'view', { formId: options.formId }))
      .catch(report(options));
    return;
  }
  const overlay = overlayFor(options);
  overlay.catch(report(options));
  if (options.trigger)
    arm(options.trigger, options.formId, options.once, () => void overlay.then((o) => o.open()));
  if (options.button) {
    const [host, root] = shadowHost(options);
    const target = inside ?? (options.target ? document.querySelector(options.target) : null);
    if (target) target.append(host);
    else anchor?.after(host);
    const onClick = () => void overlay.then((o) => o.open());
    render(h('button', { type: 'button', onClick }, options.button), root);
  }
}

/** Opens a form as a popup (the one already set up for it, or a new one from the first tag's server). */
export function open(formId: string): void {
  const known = overlays.get(formId);
  if (known) return void known.then((o) => o.open());
  if (defaults)
    void overlayFor({ ...defaults, formId, mode: 'popup', trigger: undefined }).then((o) => o.open());
}

/** Closes every open popup and slide-in. */
export function close(): void {
  for (const o of overlays.values()) void o.then((x) => x.close());
}

/** The server the first tag came from, for `mount()` calls that name none. */
export const defaultOrigin = (): string => defaults?.apiOrigin ?? location.origin;
