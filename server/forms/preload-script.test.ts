import { runInNewContext } from 'node:vm';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { FormDefinition, type FormDefinitionInput } from '../../shared/form-definition.ts';
import { toPublicForm } from '../../shared/public-form.ts';
import { preloadedForm } from '../../widget/api.ts';
import { CompiledForms } from './compiled-forms.ts';
import { demoForm } from './demo-form.ts';
import { preloadScript } from './preload-script.ts';

const holder = globalThis as { self?: unknown };
afterEach(() => {
  delete holder.self;
});

/** Runs the script as a page would, and points the widget's lookup at what it defined. */
function preload(input: FormDefinitionInput) {
  const definition = v.parse(FormDefinition, input);
  const script = preloadScript(
    { id: definition.id, version: 3, definition, createdAt: 0, updatedAt: 0, archivedAt: null },
    new CompiledForms(),
  );
  const page: { LeadgateForms?: unknown } = {};
  runInNewContext(script, { self: page });
  holder.self = page;
  return { definition, script };
}

const requested = ['en', 'EN-us', 'de', 'de-AT', 'pt', 'pt-PT', 'PT-br', 'fr', 'zh-Hant-TW', 'x'];

describe('a form preloaded in its script', () => {
  it('is found by the widget in the very language the server would choose, for any locale asked', () => {
    const title = { en: 'Guide', de: 'Leitfaden', 'pt-BR': 'Guia', pt: 'Guia (PT)' };
    for (const locales of [title, { de: 'Leitfaden', 'pt-BR': 'Guia' }, 'Just one']) {
      const { definition } = preload({ ...demoForm, id: 'many', title: locales, defaultLocale: 'de' });
      for (const locale of requested) {
        expect(preloadedForm('many', locale)?.locale, locale).toBe(
          toPublicForm(definition, 3, locale).locale,
        );
      }
      expect(preloadedForm('other-form', 'en')).toBeUndefined();
    }
  });

  it('is the public form itself, each language written once', () => {
    const { definition, script } = preload(demoForm);
    expect(preloadedForm('demo-ebook', 'de-DE')).toEqual(toPublicForm(definition, 3, 'de'));
    expect(script.match(/"title":"Your guide/g)).toHaveLength(1);
    expect(script).not.toMatch(/points|tiers|allowedOrigins/);
  });
});
