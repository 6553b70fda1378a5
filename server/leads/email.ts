/** The form of an email address that data-subject requests match on. */

/**
 * Trimmed, Unicode-normalised (NFC) and lowercased, domain and local part alike. RFC 5321 §2.4 lets a
 * server treat the local part as case-sensitive, but no mail provider in use does, and a person who typed
 * `Ada@Example.COM` once and `ada@example.com` later is one person whose data must be found together.
 */
export function normalizeEmail(address: string): string {
  return address.trim().normalize('NFC').toLowerCase();
}

/** What a lead is found by: its first email answer, in the order of the form's fields, normalised. */
export function firstEmail(
  fields: { key: string; type: string }[],
  answers: Record<string, unknown>,
): string | null {
  const field = fields.find((f) => f.type === 'email' && typeof answers[f.key] === 'string');
  return field ? normalizeEmail(answers[field.key] as string) : null;
}
