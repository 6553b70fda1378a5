/** Form versions compiled to validators once and kept: versions are immutable, so entries never go stale. */
import { type FormDefinition, toPublicForm } from '../../shared/form-definition.ts';
import { compileSubmission, type SubmissionValidator } from '../../shared/submission.ts';

export type CompiledForm = { definition: FormDefinition; version: number; validate: SubmissionValidator };

const MAX_ENTRIES = 1000;

/** A bounded cache of compiled form versions, keyed by id and version. */
export class CompiledForms {
  readonly #cache = new Map<string, CompiledForm>();

  /** The compiled form for this version, compiling it on first use. */
  get(definition: FormDefinition, version: number): CompiledForm {
    const key = `${definition.id}@${version}`;
    let entry = this.#cache.get(key);
    if (!entry) {
      entry = { definition, version, validate: compileSubmission(toPublicForm(definition, version)) };
      if (this.#cache.size >= MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value as string);
      this.#cache.set(key, entry);
    }
    return entry;
  }
}
