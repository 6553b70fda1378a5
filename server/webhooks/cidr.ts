/**
 * IP addresses and CIDR ranges as 16 bytes. IPv4 is held in its IPv4-mapped IPv6 form (RFC 4291 §2.5.5.2),
 * so `127.0.0.0/8` also matches `::ffff:127.0.0.1`, which connects to the same host.
 */
import { isIP } from 'node:net';

/** A range: the first address's 16 bytes and the number of leading bits that must match. */
export type Cidr = { bytes: Uint8Array; prefix: number };

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses an IPv4 or IPv6 literal (brackets and a zone id allowed) into 16 bytes; undefined if it is none. */
export function parseIp(input: string): Uint8Array | undefined {
  const ip = input.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return Uint8Array.from([...MAPPED_PREFIX, ...ip.split('.').map(Number)]);
  if (family === 6) return parseIpv6(ip);
  return undefined;
}

function parseIpv6(ip: string): Uint8Array | undefined {
  let groups = ip.split(':');
  // An embedded dotted IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
  const tail = groups.at(-1) ?? '';
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    groups = [...groups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  }
  const gap = groups.indexOf('');
  if (gap !== -1) {
    // `::` may sit at either end, which split() turns into two empty strings.
    const head = groups.slice(0, gap).filter(Boolean);
    const rest = groups.slice(gap).filter(Boolean);
    groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  }
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  });
  return bytes;
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a bare address (a single-address range). */
export function parseCidr(input: string): Cidr | undefined {
  const [address = '', prefixText, ...extra] = input.trim().split('/');
  if (extra.length > 0) return undefined;
  const bytes = parseIp(address);
  if (!bytes) return undefined;
  const v4 = isIP(address) === 4;
  const max = v4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { bytes, prefix: v4 ? prefix + 96 : prefix };
}

/** Whether the address `ip` (a literal, or its 16 bytes) lies in `cidr`. */
export function cidrContains(cidr: Cidr, ip: string | Uint8Array): boolean {
  const bytes = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!bytes) return false;
  let bits = cidr.prefix;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((cidr.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}
