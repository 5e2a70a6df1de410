// The few ASN.1 DER encoders an X.509 v3 certificate needs (RFC 5280), so the embedded
// cluster can mint its own certificates with Node's crypto alone: no openssl binary, no
// npm dependency. Encoders only; parsing is left to crypto.X509Certificate.

export type Der = Buffer;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
export const octetString = (content: Buffer): Der => tlv(0x04, content);
export const utf8String = (text: string): Der => tlv(0x0c, Buffer.from(text, 'utf8'));
export const booleanTrue = (): Der => tlv(0x01, Buffer.from([0xff]));
/** Context-specific constructed tag [n] EXPLICIT. */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
/** Context-specific primitive tag [n] IMPLICIT (GeneralName dNSName is [2], iPAddress [7]). */
export const implicitPrimitive = (n: number, content: Buffer): Der => tlv(0x80 | n, content);

/** A non-negative INTEGER from big-endian bytes (DER wants no redundant leading zeros). */
export function unsignedInteger(bytes: Buffer): Der {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let body = bytes.subarray(start);
  // A set high bit would read as negative: Go's x509 rejects negative serials outright.
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

export const smallInteger = (n: number): Der => unsignedInteger(Buffer.from([n & 0xff]));

export function bitString(content: Buffer, unusedBits = 0): Der {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
}

/** A named-bit BIT STRING (keyUsage): bit 0 is the most significant bit of the first byte. */
export function namedBits(bits: number[]): Der {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  // DER: trailing zero bits of the last byte are declared unused.
  const unused = 7 - (highest & 7);
  return bitString(bytes, unused);
}

export function objectIdentifier(dotted: string): Der {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
export function time(date: Date): Der {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}
