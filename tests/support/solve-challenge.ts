/** Solves a form's proof-of-work challenge as the widget does, in Node (test-only). */
import { createHash } from 'node:crypto';
import type { Challenge, Proof } from '../../shared/proof.ts';

/** The proof for `challenge`: its number (already there when proof of work is off), found by brute force. */
export function solveChallenge(challenge: Challenge): Proof {
  if (challenge.number !== undefined) return { ...challenge, number: challenge.number };
  for (let number = 0; number <= challenge.maxnumber; number++) {
    const hash = createHash('sha256')
      .update(challenge.salt + number)
      .digest('hex');
    if (hash === challenge.challenge) return { ...challenge, number };
  }
  throw new Error('challenge has no solution');
}
