/**
 * The widget as an npm module, for bundled apps: `import { mount } from 'leadgate/widget'`. Same forms,
 * modes and behaviour as the script tag, without scanning the page for tags.
 */

import { flushPending } from './api.ts';
import { type Mode, withDefaults } from './config.ts';
import { close, open, start } from './controller.ts';

export type MountOptions = {
  /** The form id. */
  form: string;
  /** The Leadgate server, e.g. `https://leads.example.com`. */
  server: string;
  mode?: Mode;
  locale?: string;
  /** Popup and slide-in: `load`, `delay:5`, `scroll:50` or `exit`. */
  trigger?: string;
  once?: boolean;
  /** Popup: the label of a launcher button to render in `element`. */
  button?: string;
  theme?: 'light' | 'dark';
  zIndex?: number;
  position?: 'bottom-right' | 'bottom-left';
  /** Values for hidden fields that read `fromData`, keyed as `dataset` names them (`source-page` → `sourcePage`). */
  data?: Record<string, string>;
  debug?: boolean;
};

let flushed = false;

/** Renders a form into `element` (inline), or sets up a popup or slide-in whose button goes there. */
export function mount(element: Element, options: MountOptions): void {
  if (!flushed) {
    flushed = true;
    // Not urgent, and the first read of localStorage is slow: it does not hold up the first form's view.
    setTimeout(flushPending, 1e3);
  }
  const { form, server, zIndex, ...rest } = options;
  const o = withDefaults({ ...rest, formId: form, apiOrigin: new URL(server).origin });
  if (zIndex !== undefined) o.zIndex = String(zIndex);
  start(o, null, element);
}

export { close, open };
