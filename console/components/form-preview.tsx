/**
 * The real widget, showing a definition being edited: rendered by the widget's own code (widget/form.tsx)
 * in its own shadow root, as on a visitor's page, built with the preview flag (widget/preview.ts), so it
 * fetches, counts and sends nothing. It follows the definition as soon as it is valid.
 */
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { toPublicForm } from '../../shared/public-form.ts';
import { withDefaults } from '../../widget/config.ts';
import { renderForm } from '../../widget/form.tsx';
import { shadowHost } from '../../widget/mount.ts';

type Preloaded = { LeadgateForms?: Record<string, Record<string, unknown>> };

export function FormPreview({ definition, locale }: { definition: FormDefinition; locale: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | undefined>();
  const key = JSON.stringify(definition) + locale;
  useEffect(() => {
    const into = box.current;
    if (!into) return;
    // The form as `widget.js?form=` would preload it: the widget reads it instead of fetching.
    (self as Preloaded).LeadgateForms = { [definition.id]: { '*': toPublicForm(definition, 0, locale) } };
    const options = withDefaults({ formId: definition.id, apiOrigin: location.origin, locale });
    const [host, root] = shadowHost(options);
    into.replaceChildren(host);
    setError(undefined);
    renderForm(options, host, root).catch((err: unknown) =>
      setError(err instanceof Error ? err.message : String(err)),
    );
    return () => render(null, root);
  }, [key]);
  return (
    <div class="form-preview">
      {error && (
        <p class="error-text" role="alert">
          The preview failed: {error}
        </p>
      )}
      <div ref={box} />
    </div>
  );
}
