import { describe, expect, it } from 'vitest';
import { addressInRanges, parseAddress, parseCidr, type CidrRange } from './cidr';

const ranges = (...texts: string[]): CidrRange[] => texts.map((t) => parseCidr(t)!);

describe('CIDR matching', () => {
  it('matches IPv4 ranges, and IPv4 peers reported as IPv4-mapped IPv6', () => {
    const trusted = ranges('10.0.0.0/8', '192.168.1.7');
    expect(addressInRanges('10.200.3.4', trusted)).toBe(true);
    expect(addressInRanges('::ffff:10.1.2.3', trusted)).toBe(true);
    expect(addressInRanges('192.168.1.7', trusted)).toBe(true);
    expect(addressInRanges('192.168.1.8', trusted)).toBe(false);
    expect(addressInRanges('11.0.0.1', trusted)).toBe(false);
  });

  it('matches IPv6 ranges, compressed or not, with prefixes that cut a byte', () => {
    const trusted = ranges('fd00:abcd::/32', '::1', '2001:db8::/29');
    expect(addressInRanges('fd00:abcd:1::5', trusted)).toBe(true);
    expect(addressInRanges('fd00:abce::5', trusted)).toBe(false);
    expect(addressInRanges('::1', trusted)).toBe(true);
    expect(addressInRanges('0:0:0:0:0:0:0:1', trusted)).toBe(true);
    expect(addressInRanges('2001:dbf:ffff::1', trusted)).toBe(true);
    expect(addressInRanges('2001:e00::1', trusted)).toBe(false);
    // Families never match each other.
    expect(addressInRanges('127.0.0.1', trusted)).toBe(false);
  });

  it('a /0 trusts every address of its family; an unreadable peer is never trusted', () => {
    expect(addressInRanges('8.8.8.8', ranges('0.0.0.0/0'))).toBe(true);
    expect(addressInRanges('2001:db8::1', ranges('0.0.0.0/0'))).toBe(false);
    expect(addressInRanges(undefined, ranges('0.0.0.0/0'))).toBe(false);
    expect(addressInRanges('not-an-ip', ranges('0.0.0.0/0'))).toBe(false);
  });

  it('refuses what is not a range', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0/8', '256.0.0.1', '1.2.3.4/x', 'fd00::/129', '1::2::3', 'example.com', '', '1:2:3:4:5:6:7:8:9']) {
      expect(parseCidr(bad), bad).toBeNull();
    }
    expect(parseAddress('::ffff:1.2.3.4')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(parseAddress('fe80::1%eth0')?.length).toBe(16);
  });
});
