/** Prefixed, time-ordered ids (`lead_…`, `msg_…`): sortable like ULIDs, so cursors can page by id. */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

const RANDOM_BYTES_PER_ID = 10;
// Random bytes drawn 4 KiB at a time: one call into OpenSSL per ~400 ids instead of one per id (a lead
// takes two), which showed as 2 % of the ingest thread.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBytes(): Uint8Array {
  if (poolOffset + RANDOM_BYTES_PER_ID > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += RANDOM_BYTES_PER_ID;
  return pool.subarray(poolOffset - RANDOM_BYTES_PER_ID, poolOffset);
}

// The last id's time and random part: ids made in one millisecond count up from the first one's random
// part (ULID's monotonic rule), so they sort in the order they were made, not at random.
let lastTime = -1;
const lastRandom = new Uint8Array(RANDOM_BYTES_PER_ID);

/** Adds one to a big-endian number in place; false when it wrapped around (all bits were set). */
function increment(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] !== 0xff) {
      bytes[i] = (bytes[i] as number) + 1;
      return true;
    }
    bytes[i] = 0;
  }
  return false;
}

/**
 * A new id: prefix, then 48 bits of milliseconds and 80 random bits, base32. Within one process, ids of one
 * millisecond (or of a clock that stepped back) come out in increasing order.
 */
export function newId(prefix: string, now = Date.now()): string {
  const bytes = new Uint8Array(16);
  if (now <= lastTime && increment(lastRandom)) {
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom.set(randomBytes());
  }
  let t = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(lastRandom, 6);
  return `${prefix}_${base32(bytes)}`;
}
