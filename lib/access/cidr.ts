// Address ranges in CIDR notation (IPv4 and IPv6), parsed once and matched against a peer's
// address as Node reports it ("10.0.0.7", "::1", "::ffff:10.0.0.7" for IPv4 on a dual-stack
// socket). Pure: lib/ has no Node modules, so the parsing is done here, not by node:net.

export interface CidrRange {
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
  prefix: number;
  text: string;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | null {
  // A zone ("fe80::1%eth0") names an interface, not a different address.
  const bare = text.replace(/%.*$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(bare)) return null;
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const items = s.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // The last group may be an embedded IPv4 address (::ffff:10.0.0.1).
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return null;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => { out[i * 2] = g >> 8; out[i * 2 + 1] = g & 0xff; });
  return out;
}

/** An address as bytes; IPv4-mapped IPv6 addresses come back as their 4 IPv4 bytes. */
export function parseAddress(text: string): Uint8Array | null {
  const t = text.trim();
  if (t.includes(':')) {
    const v6 = parseIpv6(t);
    if (!v6) return null;
    const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
    return mapped ? v6.slice(12) : v6;
  }
  return parseIpv4(t);
}

/** "10.0.0.0/8", "fd00::/8", or a single address (a /32 or /128). */
export function parseCidr(text: string): CidrRange | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addressText = slash < 0 ? t : t.slice(0, slash);
  // An IPv4-mapped range ("::ffff:10.0.0.0/104") is kept as IPv6: only a plain IPv4 range matches mapped peers.
  const bytes = addressText.includes(':') ? parseIpv6(addressText) : parseIpv4(addressText);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (slash >= 0 && !/^\d{1,3}$/.test(t.slice(slash + 1))) return null;
  const prefix = slash < 0 ? max : Number(t.slice(slash + 1));
  if (prefix > max) return null;
  return { bytes, prefix, text: t };
}

export function cidrContains(range: CidrRange, address: Uint8Array): boolean {
  if (range.bytes.length !== address.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((range.bytes[i] & mask) !== (address[i] & mask)) return false;
  }
  return true;
}

/** Whether `address` (as the socket reports it) lies in any of `ranges`; an unreadable address lies in none. */
export function addressInRanges(address: string | undefined, ranges: readonly CidrRange[]): boolean {
  const bytes = address ? parseAddress(address) : null;
  return !!bytes && ranges.some((r) => cidrContains(r, bytes));
}
