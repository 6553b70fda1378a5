/**
 * Popup and slide-in: a native <dialog> in the shadow root. `showModal()` gives the popup the top layer,
 * an inert page behind it (the focus trap) and Esc for free; the slide-in is a non-modal corner panel.
 */
import type { WidgetOptions } from './config.ts';
import { emit } from './events.ts';
import { renderForm, shadowHost } from './mount.ts';

export type Overlay = { open(): void; close(): void; formId: string };

/** Builds the dialog (hidden) at the end of the body and renders the form into it at once. */
export async function createOverlay(options: WidgetOptions, closeLabel = '×'): Promise<Overlay> {
  const [host, root] = shadowHost(options);
  const modal = options.mode === 'popup';
  const dialog = document.createElement('dialog');
  dialog.className = modal ? 'lg-popup' : `lg-slide ${options.position === 'bottom-left' ? 'lg-left' : ''}`;
  dialog.setAttribute('aria-label', options.formId);
  const close = document.createElement('button');
  close.className = 'lg-close';
  close.type = 'button';
  close.textContent = closeLabel;
  close.setAttribute('aria-label', 'Close');
  const body = document.createElement('div');
  body.className = 'lg-body';
  body.append(close);
  const content = document.createElement('div');
  body.append(content);
  dialog.append(body);
  root.append(dialog);
  document.body.append(host);
  await renderForm(options, host, content);
  dialog.setAttribute('aria-labelledby', content.querySelector('h2')?.id ?? '');

  let restore: Element | null = null;
  let overflow = '';
  const shut = () => {
    if (dialog.open) dialog.close();
  };
  // Handlers return nothing on purpose: an on* handler that returns false cancels the event.
  close.onclick = shut;
  // A click on the dialog itself, not its content, is a click on the backdrop.
  dialog.onclick = (e) => {
    if (e.target === dialog) shut();
  };
  // The slide-in is not modal, so Esc is ours to handle.
  dialog.onkeydown = (e) => {
    if (e.key === 'Escape') shut();
  };
  dialog.onclose = () => {
    if (modal) document.documentElement.style.overflow = overflow;
    (restore as HTMLElement | null)?.focus?.();
  };
  return {
    formId: options.formId,
    open() {
      if (dialog.open) return;
      restore = document.activeElement;
      if (modal) {
        // The page behind a popup must not scroll; put back whatever the page had.
        overflow = document.documentElement.style.overflow;
        document.documentElement.style.overflow = 'hidden';
        dialog.showModal();
      } else {
        dialog.show();
        // show() focuses the close button; a slide-in that opens by itself must not take the visitor's focus.
        (root.activeElement as HTMLElement | null)?.blur();
        (restore as HTMLElement | null)?.focus?.({ preventScroll: true });
      }
      emit(host, 'view', { formId: options.formId });
    },
    close: shut,
  };
}
