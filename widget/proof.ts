/** The form's proof of work, solved while the visitor types (ALTCHA's scheme, shared/proof.ts). */
import { type Challenge, MIN_FILL_TIME_IN_MS } from '../shared/proof.ts';

/**
 * Finds the challenge's number, one SHA-256 digest at a time (each awaited, so typing never stutters),
 * then waits out the minimum fill time since the form was fetched, so that a quick person is never taken
 * for a bot. Without Web Crypto (a page on plain http) it goes back unsolved and the server says why.
 */
export async function solve(pending?: Challenge | Promise<Challenge>): Promise<Challenge | undefined> {
  // A preloaded form's challenge is still being fetched; it arrives while the visitor reads the form.
  // Nothing usable (no challenge to be had, or the gates are off) means no proof: the field is left out.
  let proof = (await Promise.resolve(pending).catch(() => undefined)) || undefined;
  const challenge = proof;
  // The server counts the fill time from when it issued the challenge, so the wait starts on its arrival.
  const filled = new Promise((resolve) => setTimeout(resolve, MIN_FILL_TIME_IN_MS));
  try {
    // A challenge that comes solved (proof of work off) is found again at its number, 0, at once.
    for (let number = 0; challenge && number <= challenge.maxnumber; number++) {
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(challenge.salt + number));
      const hex = [...new Uint8Array(digest)].map((byte) => (byte + 256).toString(16).slice(1)).join('');
      if (hex === challenge.challenge) {
        proof = { ...challenge, number };
        break;
      }
    }
  } catch {
    // No crypto.subtle outside a secure context: sent unsolved, the server answers proof_required.
  }
  await filled;
  return proof;
}
