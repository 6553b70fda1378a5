/**
 * Popup and slide-in: a native <dialog> in the shadow root. `showModal()` gives the popup the top layer,
 * an inert page behind it (the focus trap) and Esc for free; the slide-in is a non-modal corner panel.
 */
import { h } from 'preact';
import type { WidgetOptions } from './config.ts';
import { renderForm } from './form.tsx';
import { fitTheme, shadowHost } from './mount.ts';

/** `open(true)` when the visitor asked for it (a button, `Leadgate.open`), false when a trigger fired. */
export type Overlay = { open(byVisitor?: boolean): void; close(): void };

/** Builds the dialog (hidden) at the end of the body with the form in it. */
export async function createOverlay(options: WidgetOptions): Promise<Overlay> {
  const [host, root] = shadowHost(options);
  const modal = options.mode === 'popup';
  const html = document.documentElement;
  let restore: HTMLElement | null = null;
  let overflow = '';
  const shut = () => dialog.open && dialog.close();
  document.body.append(host);
  fitTheme(host, options.theme);
  const seen = await renderForm(options, host, root, (form, strings, titleId) => (
    <dialog
      class={modal ? '' : options.position === 'bottom-left' ? 'slide left' : 'slide'}
      aria-labelledby={titleId}
      // A click on the dialog itself, not its content, is a click on the backdrop.
      onClick={(e) => e.target === dialog && shut()}
      // The slide-in is not modal, so Esc is ours to handle.
      onKeyDown={(e) => e.key === 'Escape' && shut()}
      // Closing gives focus back to what had it before: the <dialog> does that itself.
      onClose={() => {
        if (modal) html.style.overflow = overflow;
      }}
    >
      <div class="body">
        <button class="close" type="button" aria-label={strings.close} onClick={shut}>
          ×
        </button>
        {form}
      </div>
    </dialog>
  ));
  const dialog = root.firstChild as HTMLDialogElement;
  return {
    open(byVisitor) {
      if (dialog.open) return;
      restore = document.activeElement as HTMLElement | null;
      if (modal) {
        // The page behind a popup must not scroll; put back whatever the page had.
        overflow = html.style.overflow;
        html.style.overflow = 'hidden';
        dialog.showModal();
      } else {
        dialog.show();
      }
      // showModal() and show() focus the close button. The visitor came to fill the form: its first field
      // takes the focus, unless a slide-in opened by itself, which must not take it from the page at all.
      if (modal || byVisitor) root.querySelector<HTMLElement>('.field :is(input,select,textarea)')?.focus();
      else {
        (root.activeElement as HTMLElement | null)?.blur();
        restore?.focus?.({ preventScroll: true });
      }
      seen();
    },
    close: shut,
  };
}
