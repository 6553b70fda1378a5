import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './cidr.ts';

describe('parseIp', () => {
  it.each([
    ['127.0.0.1', '00000000000000000000ffff7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['[::ffff:7f00:1]', '00000000000000000000ffff7f000001'],
    ['::ffff:127.0.0.1', '00000000000000000000ffff7f000001'],
    ['fe80::1%eth0', 'fe800000000000000000000000000001'],
    ['2001:db8::', '20010db8000000000000000000000000'],
  ])('%s', (ip, hex) => {
    expect(Buffer.from(parseIp(ip) ?? []).toString('hex')).toBe(hex);
  });

  it('refuses what is not an address', () => {
    for (const s of ['localhost', '1.2.3', '256.1.1.1', ':::', '', '1::2::3'])
      expect(parseIp(s)).toBeUndefined();
  });
});

describe('CIDR ranges', () => {
  it('matches IPv4 ranges, also in their IPv4-mapped IPv6 form', () => {
    const loopback = parseCidr('127.0.0.0/8');
    expect(loopback && cidrContains(loopback, '127.9.9.9')).toBe(true);
    expect(loopback && cidrContains(loopback, '::ffff:127.0.0.1')).toBe(true);
    expect(loopback && cidrContains(loopback, '128.0.0.1')).toBe(false);
    const ula = parseCidr('fc00::/7');
    expect(ula && cidrContains(ula, 'fd00:ec2::254')).toBe(true);
    expect(ula && cidrContains(ula, 'fe00::1')).toBe(false);
    const one = parseCidr('10.1.2.3');
    expect(one && cidrContains(one, '10.1.2.3')).toBe(true);
    expect(one && cidrContains(one, '10.1.2.4')).toBe(false);
  });

  it('refuses malformed ranges', () => {
    for (const s of ['10.0.0.0/33', '::/129', '10.0.0.0/x', 'nope/8', '10.0.0.0/8/8'])
      expect(parseCidr(s)).toBeUndefined();
  });
});
