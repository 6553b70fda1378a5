/** What the widget tells the page: DOM CustomEvents, and a `dataLayer` push for tag managers. */

export type WidgetEvent = 'view' | 'start' | 'step' | 'submit' | 'error';

/** Dispatches `leadgate:<name>` from `host` (bubbling out of the shadow root) and pushes it to `dataLayer`. */
export function emit(host: HTMLElement, name: WidgetEvent, detail: Record<string, unknown>): void {
  const type = `leadgate:${name}`;
  host.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  const layer = (window as { dataLayer?: unknown[] }).dataLayer;
  if (Array.isArray(layer)) layer.push({ event: type, ...detail });
}
