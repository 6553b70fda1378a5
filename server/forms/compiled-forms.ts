/** Form versions prepared once per language and kept: versions are immutable, so entries never go stale. */
import type { FormDefinition } from '../../shared/form-definition.ts';
import { type PublicForm, toPublicForm } from '../../shared/public-form.ts';
import { withoutUnsafePatterns } from './pattern-safety.ts';

export type CompiledForm = { definition: FormDefinition; version: number; public: PublicForm };

const MAX_ENTRIES = 1000;

/** A bounded cache of public forms, keyed by id, version and requested language. */
export class CompiledForms {
  readonly #cache = new Map<string, CompiledForm>();

  /** The prepared form for this version and language, built on first use. */
  get(definition: FormDefinition, version: number, locale?: string): CompiledForm {
    const key = `${definition.id}@${version}@${locale ?? ''}`;
    let entry = this.#cache.get(key);
    if (!entry) {
      // A pattern stored before save-time checks that could hang a browser or us is run by neither.
      entry = {
        definition,
        version,
        public: toPublicForm(withoutUnsafePatterns(definition), version, locale),
      };
      // Oldest first out: Map keeps insertion order.
      if (this.#cache.size >= MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value as string);
      this.#cache.set(key, entry);
    }
    return entry;
  }
}
