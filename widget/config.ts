/** The widget's options, read from its script tag's `data-*` attributes (Plausible's pattern). */

export type WidgetOptions = {
  formId: string;
  /** The Leadgate server: the origin the script was loaded from. */
  apiOrigin: string;
  /** Where to render; by default right after the script tag. */
  target: string | undefined;
  /** `data-locale`, else the page's `lang`, else the browser's language. */
  locale: string;
  /** Every `data-*` value of the tag, for hidden fields filled `fromData`. */
  data: Record<string, string | undefined>;
  debug: boolean;
};

/** Options for one script tag, or undefined when it names no form. */
export function readOptions(script: HTMLScriptElement): WidgetOptions | undefined {
  const d = script.dataset;
  if (!d.leadgateForm) return undefined;
  return {
    formId: d.leadgateForm,
    apiOrigin: new URL(script.src, location.href).origin,
    target: d.target,
    locale: d.locale || document.documentElement.lang || navigator.language,
    data: { ...d },
    debug: d.debug !== undefined,
  };
}
