/** Which pages a form takes submissions (and counts) from. */
import type { FormDefinition } from '../../shared/form-definition.ts';

/**
 * Whether a request from `origin` (its `Origin` header) may use the form: no header (not a browser,
 * which an origin list cannot stop anyway), the server's own origin (its demo page), `*`, or a listed one.
 */
export function acceptsOrigin(
  definition: FormDefinition,
  origin: string | undefined,
  ownOrigin: string,
): boolean {
  if (!origin || origin === ownOrigin) return true;
  const allowed = definition.allowedOrigins ?? [];
  return allowed.includes('*') || allowed.includes(origin);
}
