/** The widget's options, read from its script tag's `data-*` attributes (Plausible's pattern). */

export type Mode = 'inline' | 'popup' | 'slide-in';

export type WidgetOptions = {
  formId: string;
  /** The Leadgate server: the origin the script was loaded from. */
  apiOrigin: string;
  mode: Mode;
  /** Where to render (inline) or put the launcher button (popup); by default right after the tag. */
  target?: string | undefined;
  /** `data-locale`, else the page's `lang`, else the browser's language. */
  locale: string;
  /** Popup and slide-in: `load`, `delay:5` (seconds), `scroll:50` (percent), `exit`; none = on demand. */
  trigger?: string | undefined;
  /** Popup and slide-in opened by a trigger: only once per visitor unless `data-once="false"`. */
  once: boolean;
  /** Popup: the label of the launcher button the widget renders; none = no button. */
  button?: string | undefined;
  theme?: string | undefined;
  zIndex?: string | undefined;
  /** Slide-in corner: `bottom-right` (default) or `bottom-left`. */
  position?: string | undefined;
  /** Every `data-*` value of the tag, for hidden fields filled `fromData`. */
  data: Record<string, string | undefined>;
  debug?: boolean;
};

/**
 * What `Leadgate.mount(element, options)` and the npm `mount(element, options)` both take: the tag's
 * `data-*` options as properties, and `server`.
 */
export type MountOptions = {
  /** The form id (the tag's `data-leadgate-form`). */
  formId: string;
  /** The Leadgate server, e.g. `https://leads.example.com`; by default the first tag's, else this page's origin. */
  server?: string;
  mode?: Mode;
  locale?: string;
  /** Popup and slide-in: `load`, `delay:5`, `scroll:50` or `exit`. */
  trigger?: string;
  once?: boolean;
  /** Popup: the label of a launcher button to render in the element. */
  button?: string;
  theme?: 'light' | 'dark' | 'auto';
  zIndex?: number | string;
  position?: 'bottom-right' | 'bottom-left';
  /** Values for hidden fields that read `fromData`, keyed as `dataset` names them (`source-page` → `sourcePage`). */
  data?: Record<string, string>;
  debug?: boolean;
};

/** The options of a `mount()` call; `fallback` is the server when it names none. */
export const mountOptions = ({ server, zIndex, ...o }: MountOptions, fallback: string): WidgetOptions =>
  withDefaults({ ...o, apiOrigin: new URL(server ?? fallback).origin, zIndex: zIndex?.toString() });

/** Complete options from some (for `mount()` calls). */
export function withDefaults(
  o: Partial<WidgetOptions> & { formId: string; apiOrigin: string },
): WidgetOptions {
  return {
    mode: 'inline',
    locale: document.documentElement.lang || navigator.language,
    once: true,
    data: {},
    ...o,
  };
}

/** Options for one script tag, or undefined when it names no form. */
export function readOptions(script: HTMLScriptElement): WidgetOptions | undefined {
  const d = script.dataset;
  // The option names are the tag's data-* names: data-target, data-trigger, data-z-index, …
  if (d.leadgateForm)
    return withDefaults({
      ...d,
      formId: d.leadgateForm,
      apiOrigin: new URL(script.src, location.href).origin,
      mode: d.mode === 'popup' || d.mode === 'slide-in' ? d.mode : 'inline',
      once: d.once !== 'false',
      data: d,
      debug: 'debug' in d,
    });
}
