/**
 * The last few origins each form refused (an `Origin` header its `allowedOrigins` does not list), so the
 * console can offer to allow one in a click. An origin names a site, never a person; nothing else of the
 * request is kept. Kept in memory, per process: bounded per form and in forms, lost at a restart, and
 * each instance knows its own (the refusals themselves are counted in the database, by reason).
 */

/** At most this many origins per form: the most recently refused. */
export const MAX_ORIGINS_PER_FORM = 10;
/** At most this many forms remembered: the least recently refused go first. */
export const MAX_FORMS = 1000;
// What a browser sends as `Origin` for an http(s) page; anything else ("null", junk from a script) is
// nothing an owner could allow.
const ORIGIN = /^https?:\/\/[^/\s]{1,253}$/;

export type RefusedOrigin = { origin: string; count: number; lastRefusedAt: number };

export class RefusedOrigins {
  // Map keeps insertion order: re-inserting on every refusal makes the first entry the stalest.
  readonly #byForm = new Map<string, Map<string, RefusedOrigin>>();

  /** Remembers that form `formId` refused `origin` at `now`. */
  record(formId: string, origin: string | undefined, now = Date.now()): void {
    if (!origin || !ORIGIN.test(origin)) return;
    let origins = this.#byForm.get(formId);
    this.#byForm.delete(formId);
    if (!origins) {
      origins = new Map();
      if (this.#byForm.size >= MAX_FORMS) this.#byForm.delete(this.#byForm.keys().next().value as string);
    }
    this.#byForm.set(formId, origins);
    const seen = origins.get(origin);
    origins.delete(origin);
    if (!seen && origins.size >= MAX_ORIGINS_PER_FORM) origins.delete(origins.keys().next().value as string);
    origins.set(origin, { origin, count: (seen?.count ?? 0) + 1, lastRefusedAt: now });
  }

  /** The origins form `formId` refused, the most recent first. */
  list(formId: string): RefusedOrigin[] {
    return [...(this.#byForm.get(formId)?.values() ?? [])].reverse();
  }
}
