/**
 * Popup and slide-in: a native <dialog> in the shadow root. `showModal()` gives the popup the top layer,
 * an inert page behind it (the focus trap) and Esc for free; the slide-in is a non-modal corner panel.
 */
import { h, render } from 'preact';
import type { WidgetOptions } from './config.ts';
import { emit } from './events.ts';
import { renderForm } from './form.tsx';
import { shadowHost } from './mount.ts';

export type Overlay = { open(): void; close(): void };

/** Builds the dialog (hidden) at the end of the body and renders the form into it at once. */
export async function createOverlay(options: WidgetOptions): Promise<Overlay> {
  const [host, root] = shadowHost(options);
  const modal = options.mode === 'popup';
  const html = document.documentElement;
  let restore: HTMLElement | null = null;
  let overflow = '';
  const shut = () => dialog.open && dialog.close();
  render(
    <dialog
      class={modal ? '' : options.position === 'bottom-left' ? 'slide left' : 'slide'}
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
        <button class="close" type="button" onClick={shut}>
          ×
        </button>
        <div />
      </div>
    </dialog>,
    root,
  );
  const dialog = root.firstChild as HTMLDialogElement;
  const content = dialog.querySelector('div div') as Element;
  document.body.append(host);
  const { strings } = await renderForm(options, host, content);
  // Named in the form's language, once the form (and so its language) is known.
  dialog.querySelector('.close')?.setAttribute('aria-label', strings.close);
  dialog.setAttribute('aria-labelledby', content.querySelector('h2')?.id ?? '');
  return {
    open() {
      if (dialog.open) return;
      restore = document.activeElement as HTMLElement | null;
      if (modal) {
        // The page behind a popup must not scroll; put back whatever the page had.
        overflow = html.style.overflow;
        html.style.overflow = 'hidden';
        dialog.showModal();
      } else {
        dialog.show();
        // show() focuses the close button; a slide-in that opens by itself must not take the visitor's focus.
        (root.activeElement as HTMLElement | null)?.blur();
        restore?.focus?.({ preventScroll: true });
      }
      emit(host, 'view', { formId: options.formId });
    },
    close: shut,
  };
}
