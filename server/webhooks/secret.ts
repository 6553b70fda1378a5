/** Webhook secrets and signatures, per the Standard Webhooks specification. */
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const SECRET_LENGTH_IN_BYTES = 32;

/** A new secret: `whsec_` and the base64 of 32 random bytes (the spec allows 24–64). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_LENGTH_IN_BYTES).toString('base64');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by the secret's decoded bytes. */
export function sign(secret: string, msgId: string, timestampInSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${msgId}.${timestampInSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` value: one signature per valid secret, space-separated (during a rotation). */
export function signatureHeader(
  secrets: string[],
  msgId: string,
  timestampInSeconds: number,
  body: string,
): string {
  return secrets.map((s) => sign(s, msgId, timestampInSeconds, body)).join(' ');
}
