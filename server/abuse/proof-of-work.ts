/** Proof-of-work challenges (ALTCHA's scheme, through altcha-lib): issued with a form, checked with its submission. */
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge, Proof } from '../../shared/proof.ts';

/**
 * The secret number is below this. Solving takes on average half as many SHA-256 digests: in headless
 * Chromium on the development machine, 0.18 s on average and 0.34 s at most; at 4× CPU slowdown
 * (Lighthouse's mid-tier phone) 0.8 s on average and 1.5 s at most. Done while the visitor types, so within
 * the 3 s minimum fill time (`npm run bench:pow`).
 */
export const POW_MAX_NUMBER = 50_000;

/** How long a challenge stays good: a submission kept offline by the widget may be sent days later. */
export const CHALLENGE_TTL_IN_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a form asks for real work: `proofOfWork` is on unless a form turns it off. */
export const asksProofOfWork = (definition: { proofOfWork?: boolean | undefined }): boolean =>
  definition.proofOfWork !== false;

/**
 * A challenge for one form. With `work` false (proof of work off for the form) it comes solved, so it
 * is only a signed ticket saying when the form was fetched, and costs a browser nothing.
 */
export async function issueChallenge(
  hmacKey: string,
  formId: string,
  work: boolean,
  now = Date.now(),
): Promise<Challenge> {
  const number = work ? undefined : 0;
  const challenge = await createChallenge({
    hmacKey,
    maxnumber: work ? POW_MAX_NUMBER : 1,
    ...(number === undefined ? {} : { number }),
    expires: new Date(now + CHALLENGE_TTL_IN_MS),
    params: { form: formId, issued: String(now), pow: work ? '1' : '0' },
  });
  return { ...(challenge as Challenge), ...(number === undefined ? {} : { number }) };
}

/** What a proof says once its signature and work are verified. */
export type VerifiedProof = {
  formId: string;
  issuedAt: number;
  /** Whether real work was done (a challenge issued with proof of work on). */
  work: boolean;
  /** Unix ms after which the proof is no longer accepted. */
  expiresAt: number;
};

/** Checks the work and the signature (not the expiry, which the caller judges); undefined when either fails. */
export async function verifyProof(hmacKey: string, proof: Proof): Promise<VerifiedProof | undefined> {
  if (!(await verifySolution(proof, hmacKey, false))) return undefined;
  const params = extractParams(proof);
  const issuedAt = Number(params.issued);
  const expiresAt = Number(params.expires) * 1000;
  if (!params.form || !Number.isFinite(issuedAt) || !Number.isFinite(expiresAt)) return undefined;
  return { formId: params.form, issuedAt, work: params.pow === '1', expiresAt };
}
