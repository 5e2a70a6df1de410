// resource.Quantity as the API server keeps it, for the admission messages and quota status
// it writes: an exact value (whole thousandths, rounded up as the canonical form rounds) with
// the format it was written in, added the way Quantity.Add adds (a zero takes the other's
// format) and written back in canonical form: "4", "500m", "1408Mi", "40k", "1e3".

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export interface Quantity {
  /** The value in thousandths of the unit (millicores, millibytes). */
  milli: bigint;
  format: QuantityFormat;
}

export const ZERO: Quantity = { milli: 0n, format: 'DecimalSI' };

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|m|k|M|G|T|P|E)?$/;
const BINARY_SHIFT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXP: Record<string, number> = { m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const pow10 = (n: number) => 10n ** BigInt(n);

/** Division rounded away from zero (inf.RoundUp), as the canonical form rounds to thousandths. */
function divUp(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den === 0n ? q : num < 0n ? q - 1n : q + 1n;
}

export function parseQuantity(raw: unknown): Quantity | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) raw = String(raw);
  if (typeof raw !== 'string') return null;
  const m = QUANTITY.exec(raw.trim());
  if (!m) return null;
  const [, sign, digits, suffix = ''] = m;
  const [whole, fraction = ''] = digits.split('.');
  let num = BigInt((whole || '0') + fraction) * 1000n;
  let den = pow10(fraction.length);
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY_SHIFT) {
    num <<= BigInt(BINARY_SHIFT[suffix]);
    format = 'BinarySI';
  } else {
    const exp = suffix in DECIMAL_EXP ? DECIMAL_EXP[suffix] : Number(suffix.slice(1));
    if (!(suffix in DECIMAL_EXP)) format = 'DecimalExponent';
    if (exp >= 0) num *= pow10(exp); else den *= pow10(-exp);
  }
  const milli = divUp(sign === '-' ? -num : num, den);
  return { milli, format };
}

/** Quantity.String(): the canonical text. */
export function formatQuantity(q: Quantity): string {
  let format = q.format;
  const whole = q.milli % 1000n === 0n;
  // CanonicalizeBytes: small or fractional binary values are written as decimals.
  if (format === 'BinarySI' && (!whole || (q.milli > -1_024_000n && q.milli < 1_024_000n))) format = 'DecimalSI';
  if (q.milli === 0n) return '0';
  if (format === 'BinarySI') {
    let value = q.milli / 1000n;
    let step = 0;
    while (step < 6 && value % 1024n === 0n) { value /= 1024n; step++; }
    return `${value}${BINARY_SUFFIX[step]}`;
  }
  // The largest power of a thousand that divides the value (from thousandths up).
  let mantissa = q.milli;
  let exp = -3;
  while (mantissa % 1000n === 0n && exp < 18) { mantissa /= 1000n; exp += 3; }
  if (format === 'DecimalExponent') return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  return `${mantissa}${DECIMAL_SUFFIX[exp]}`;
}

/** Quantity.Add: the sum keeps the first one's format, unless it was zero. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { milli: a.milli + b.milli, format: a.milli === 0n ? b.format : a.format };
}

export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0;
}
