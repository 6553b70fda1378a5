/** The widget's options, read from its script tag's `data-*` attributes (Plausible's pattern). */

export type WidgetOptions = {
  formId: string;
  /** The Leadgate server: the origin the script was loaded from. */
  apiOrigin: string;
  /** Where to render; by default right after the script tag. */
  target: string | undefined;
  debug: boolean;
};

/** Options for one script tag, or undefined when it names no form. */
export function readOptions(script: HTMLScriptElement): WidgetOptions | undefined {
  const formId = script.dataset.leadgateForm;
  if (!formId) return undefined;
  return {
    formId,
    apiOrigin: new URL(script.src, location.href).origin,
    target: script.dataset.target,
    debug: script.dataset.debug !== undefined,
  };
}
