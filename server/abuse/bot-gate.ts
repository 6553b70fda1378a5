/**
 * The bot gates a submission passes before its answers are even read: a honeypot, a minimum fill time and
 * a proof of work. A bot caught by the first two gets a success-shaped reply (so it learns nothing) while
 * nothing is stored or sent; one without a valid proof gets a clear 403.
 */
import { type Challenge, MIN_FILL_TIME_IN_MS } from '../../shared/proof.ts';
import type { BlockReason } from './abuse-store.ts';
import { verifyProof } from './proof-of-work.ts';

export type BotVerdict =
  /** Let through; `spend` the challenge with the lead, so it is used once. */
  | { kind: 'pass'; spend: { signature: string; expiresAt: number } }
  /** Answer as if stored, store nothing. */
  | { kind: 'decoy'; reason: BlockReason }
  | { kind: 'refuse'; reason: BlockReason; code: string; message: string };

export type BotCheck = {
  hmacKey: string;
  formId: string;
  /** Whether the form asks for real work (its `proofOfWork`, on unless turned off). */
  proofOfWork: boolean;
  /** The challenge sent back, solved (with its `number`) or, by a browser that could not, unsolved. */
  proof: Challenge | undefined;
  honeypot: string | undefined;
  now: number;
};

const refuse = (reason: BlockReason, code: string, message: string): BotVerdict => ({
  kind: 'refuse',
  reason,
  code,
  message,
});

const HOW =
  'Load the form with GET /v1/forms/:formId, solve its challenge and send it back as "proof" (the widget does this).';

/** Judges one submission's bot signals. */
export async function judgeSubmission(check: BotCheck): Promise<BotVerdict> {
  // People never see the honeypot field; something that fills it reads the DOM, not the page.
  if (check.honeypot) return { kind: 'decoy', reason: 'honeypot' };
  if (check.proof?.number === undefined) {
    // A browser without Web Crypto (a page on plain http) cannot solve the challenge; say so to its owner.
    const message = `This form needs a proof of work, which the Leadgate widget computes on https pages and localhost. ${HOW}`;
    return refuse('no_proof', 'proof_required', message);
  }
  const proof = await verifyProof(check.hmacKey, { ...check.proof, number: check.proof.number });
  if (!proof) return refuse('bad_proof', 'proof_invalid', `The proof of work does not check out. ${HOW}`);
  if (proof.formId !== check.formId)
    return refuse('other_form', 'proof_invalid', `The proof of work is for another form. ${HOW}`);
  if (check.proofOfWork && !proof.work)
    return refuse('no_proof', 'proof_required', `This form now needs a proof of work. ${HOW}`);
  if (check.now > proof.expiresAt)
    return refuse(
      'expired_proof',
      'proof_expired',
      'This form was loaded too long ago: reload the page and send it again.',
    );
  if (check.now - proof.issuedAt < MIN_FILL_TIME_IN_MS) return { kind: 'decoy', reason: 'too_fast' };
  return { kind: 'pass', spend: { signature: check.proof.signature, expiresAt: proof.expiresAt } };
}
