/** The form of an email address that data-subject requests match on. */

/**
 * Trimmed, Unicode-normalised (NFC) and lowercased, domain and local part alike. RFC 5321 §2.4 lets a
 * server treat the local part as case-sensitive, but no mail provider in use does, and a person who typed
 * `Ada@Example.COM` once and `ada@example.com` later is one person whose data must be found together.
 */
export function normalizeEmail(address: string): string {
  return address.trim().normalize('NFC').toLowerCase();
}
