import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isForbiddenAddress } from './address-guard.ts';
import { type Cidr, parseCidr } from './cidr.ts';

const allowLoopback = [parseCidr('127.0.0.0/8'), parseCidr('::1/128')] as Cidr[];

describe('isForbiddenAddress', () => {
  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    '172.16.5.4',
    '192.168.1.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    'fd00:ec2::254',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
    'localhost',
    'not an address',
  ])('refuses %s', (ip) => {
    expect(isForbiddenAddress(ip, [])).toBe(true);
  });

  it.each(['93.184.215.14', '1.1.1.1', '2606:4700::1111', '::ffff:93.184.215.14', '64:ff9b::808:808'])(
    'allows %s',
    (ip) => {
      expect(isForbiddenAddress(ip, [])).toBe(false);
    },
  );

  it('lets the operator allow ranges, and only those', () => {
    expect(isForbiddenAddress('127.0.0.1', allowLoopback)).toBe(false);
    expect(isForbiddenAddress('::ffff:127.0.0.1', allowLoopback)).toBe(false);
    expect(isForbiddenAddress('::1', allowLoopback)).toBe(false);
    expect(isForbiddenAddress('10.0.0.1', allowLoopback)).toBe(true);
    expect(isForbiddenAddress('169.254.169.254', allowLoopback)).toBe(true);
  });
});

describe('checkWebhookUrl', () => {
  it('takes http(s) URLs without credentials', () => {
    expect(checkWebhookUrl('https://crm.example/hooks?a=1')).toBeUndefined();
    expect(checkWebhookUrl('http://127.0.0.1:4000/')).toBeUndefined();
    expect(checkWebhookUrl('ftp://crm.example')).toMatch(/http/);
    expect(checkWebhookUrl('https://u:p@crm.example')).toMatch(/credentials/);
    expect(checkWebhookUrl('crm.example')).toMatch(/not a URL/);
    expect(checkWebhookUrl(`https://crm.example/${'x'.repeat(2100)}`)).toMatch(/2048/);
  });
});
