/**
 * The console's preview of a form being edited (console/components/form-preview.tsx): the form comes from
 * the page (`LeadgateForms`, as `widget.js?form=` preloads it), and nothing is counted, fetched or sent.
 * `__LEADGATE_PREVIEW__` is a build-time constant: true in the console's build, false in the widget's
 * (widget/vite.config.ts), where the minifier drops every branch it guards, so the script tag's bytes
 * do not change.
 */
import type { SubmitResponse } from './api.ts';

declare global {
  const __LEADGATE_PREVIEW__: boolean;
}

/** Whether this build is the console's preview. */
export const PREVIEW: boolean = typeof __LEADGATE_PREVIEW__ === 'boolean' && __LEADGATE_PREVIEW__;

/** What a preview's Send answers: no lead, and a word that none was made. */
export const PREVIEW_SENT: SubmitResponse = {
  kind: 'ok',
  id: '',
  outcome: { message: 'Preview: nothing was sent. Visitors see the outcome of their tier here.' },
};
