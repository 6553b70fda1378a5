/**
 * The widget as an ES module, for bundled apps: `import { mount } from 'leadgate/widget'`. Same forms,
 * modes, behaviour and options as the script tag (and `Leadgate.mount`), without scanning the page for tags.
 */

import { flushPending } from './api.ts';
import { type MountOptions, mountOptions } from './config.ts';
import { close, open, start } from './controller.ts';

export type { MountOptions };

let flushed = false;

/** Renders a form into `element` (inline), or sets up a popup or slide-in whose button goes there. */
export function mount(element: Element, options: MountOptions): void {
  if (!flushed) {
    flushed = true;
    // Not urgent, and the first read of localStorage is slow: it does not hold up the first form's view.
    setTimeout(flushPending, 1e3);
  }
  start(mountOptions(options, location.origin), null, element);
}

export { close, open };
