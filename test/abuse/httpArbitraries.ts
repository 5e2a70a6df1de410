// Random request paths and query strings for route fuzzing (fast-check), always valid request
// lines: unicode and binary strings percent-encoded, tricky segments, and optionally broken
// percent-encodings.

import fc from 'fast-check';

/** Path segments as a browser or an attacker would send them, always a valid request line. */
export function segmentArbitrary(known: string[], options: { brokenEncodings?: boolean } = {}): fc.Arbitrary<string> {
  const tricky = ['..', '.', '%2e%2e', '%2F', ';', '~', "'", '"', '%3Cscript%3E', '%00', 'a'.repeat(300)];
  const broken = ['%', '%zz', '%c3%28', '%ff%fe'];
  return fc.oneof(
    fc.constantFrom(...known),
    fc.webSegment(),
    fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 8 }).map(encodeURIComponent),
    // Tricky segments (dot segments, encoded slashes, NUL, markup) and broken encodings (lone %, bad hex, invalid UTF-8).
    fc.constantFrom(...tricky, ...(options.brokenEncodings === false ? [] : broken)),
  );
}

export function queryArbitrary(keys: string[], options: { brokenEncodings?: boolean } = {}): fc.Arbitrary<string> {
  const odd = ['', '0', '-1', '1e400', '-1e308', 'NaN', 'Infinity', '9007199254740993', '[]', '{}', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'];
  const value = fc.oneof(fc.constantFrom(...odd, ...(options.brokenEncodings === false ? [] : ['%', '%zz', '%c3%28'])), fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent));
  return fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.webSegment()), value), { maxLength: 5 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
}
