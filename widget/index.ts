/**
 * The widget's entry: mounts each form tag once, wires popups and slide-ins, and exposes
 * `window.Leadgate`. Nothing here may throw into the host page; problems are logged only with `data-debug`.
 */
import { h, render } from 'preact';
import { readOptions, type WidgetOptions, withDefaults } from './config.ts';
import { emit } from './events.ts';
import { renderForm, shadowHost } from './mount.ts';
import { createOverlay, type Overlay } from './overlay.ts';
import { flushPending } from './pending.ts';
import { arm } from './triggers.ts';

type LeadgateApi = {
  open(formId: string): void;
  close(): void;
  mount(element: Element, options: Partial<WidgetOptions> & { formId: string; apiOrigin?: string }): void;
};

const w = window as unknown as { Leadgate?: LeadgateApi };
const overlays = new Map<string, Promise<Overlay>>();
// Elements already handled: a second copy of the script, or an SPA re-render, must not mount twice.
const handled = new WeakSet<Element>();
// Inline forms on the page by form and target: the same tag injected twice shows one form.
const inline = new Map<string, HTMLElement>();
let defaults: WidgetOptions | undefined;

const report = (options: { debug: boolean }) => (err: unknown) =>
  options.debug && console.error('leadgate:', err);

function overlayFor(options: WidgetOptions): Promise<Overlay> {
  let o = overlays.get(options.formId);
  if (!o) {
    o = createOverlay(options);
    overlays.set(options.formId, o);
    o.catch(() => overlays.delete(options.formId));
  }
  return o;
}

/** Mounts what one tag (or `Leadgate.mount`) asks for. */
function start(options: WidgetOptions, anchor: Element | null, inside?: Element): void {
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
    (options.target ? document.querySelector(options.target) : null)?.append(host) ?? anchor?.after(host);
    render(
      h(
        'button',
        { type: 'button', class: 'lg-launch', onClick: () => void overlay.then((o) => o.open()) },
        options.button,
      ),
      root,
    );
  }
}

function scan(): void {
  for (const script of document.querySelectorAll<HTMLScriptElement>('script[data-leadgate-form]')) {
    if (handled.has(script)) continue;
    handled.add(script);
    const options = readOptions(script);
    if (options) start(options, script);
  }
}

function open(formId: string): void {
  const known = overlays.get(formId);
  if (known) return void known.then((o) => o.open());
  if (defaults)
    void overlayFor({ ...defaults, formId, mode: 'popup', trigger: undefined }).then((o) => o.open());
}

try {
  if (!w.Leadgate) {
    w.Leadgate = {
      open,
      close: () => {
        for (const o of overlays.values()) void o.then((x) => x.close());
      },
      mount: (element, options) =>
        start(withDefaults({ apiOrigin: defaults?.apiOrigin ?? location.origin, ...options }), null, element),
    };
    // Any element with data-leadgate-open="<formId>" opens that form as a popup.
    document.addEventListener('click', (e) => {
      const opener = (e.target as Element | null)?.closest?.('[data-leadgate-open]');
      if (!opener) return;
      e.preventDefault();
      open(opener.getAttribute('data-leadgate-open') ?? '');
    });
    // Single-page apps add tags as routes change; mount those too, each once.
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
    flushPending();
    // A second copy of this script finds Leadgate defined and stops here: the first copy mounts everything.
    scan();
  }
} catch {
  // Never break the host page.
}
