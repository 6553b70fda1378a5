/**
 * Server-side request forgery guard: which addresses a webhook may connect to, and which URLs may be
 * registered at all. Addresses are judged at connection time (see send-webhook.ts), after DNS.
 */
import { type Cidr, cidrContains, parseCidr, parseIp } from './cidr.ts';

const MAX_URL_LENGTH = 2048;

// Not reachable on the public internet, or not meant to be: RFC 6890's special-purpose registries.
const FORBIDDEN = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private, RFC 1918
  '100.64.0.0/10', // CGNAT shared space, RFC 6598
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, including cloud metadata at 169.254.169.254
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and 255.255.255.255 broadcast
  '::/128', // unspecified
  '::1/128', // loopback
  '::/96', // IPv4-compatible (deprecated), would reach the embedded IPv4 address
  '64:ff9b:1::/48', // local-use NAT64, RFC 8215
  '100::/64', // discard-only
  '2001::/32', // Teredo
  '2001:db8::/32', // documentation
  'fc00::/7', // unique local, including AWS's metadata at fd00:ec2::254
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
].map((c) => parseCidr(c) as Cidr);

// Prefixes that carry an IPv4 address inside; that address is judged too.
const NAT64 = parseCidr('64:ff9b::/96') as Cidr; // RFC 6052: IPv4 in the last 32 bits
const SIX_TO_FOUR = parseCidr('2002::/16') as Cidr; // RFC 3056: IPv4 in bits 16–47

const mapped = (a: number, b: number, c: number, d: number) =>
  Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d]);

/** True when a webhook must not connect to `ip`, unless an `allow` range (the operator's exception) holds it. */
export function isForbiddenAddress(ip: string, allow: Cidr[]): boolean {
  const bytes = parseIp(ip);
  if (!bytes) return true;
  if (allow.some((c) => cidrContains(c, bytes))) return false;
  if (FORBIDDEN.some((c) => cidrContains(c, bytes))) return true;
  const b = (i: number) => bytes[i] ?? 0;
  if (cidrContains(NAT64, bytes)) return isForbiddenAddress(ipv4(mapped(b(12), b(13), b(14), b(15))), allow);
  if (cidrContains(SIX_TO_FOUR, bytes))
    return isForbiddenAddress(ipv4(mapped(b(2), b(3), b(4), b(5))), allow);
  return false;
}

const ipv4 = (bytes: Uint8Array) => [...bytes.slice(12)].join('.');

/** A reason the URL cannot be a webhook endpoint, or undefined when it can. */
export function checkWebhookUrl(url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH) return `Use at most ${MAX_URL_LENGTH} characters.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'This is not a URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'Use an http or https URL.';
  if (parsed.username || parsed.password) return 'Put no credentials in the URL.';
  return undefined;
}
