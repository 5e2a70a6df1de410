// Kubernetes resource quantities (`100Gi`, `1.5Gi`, `500M`, `1e9`, `250m`) read as numbers of
// base units, compared, summed and written back in binary units for people. Readers never
// throw: a string that is not a quantity gives null, and the caller says so.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

// The API's grammar: sign, digits with an optional fraction, then one binary suffix, one
// decimal suffix, or a decimal exponent. "1E" is an exabyte, "1E3" a thousand.
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|m|k|M|G|T|P|E)?$/;

/** The quantity in base units (bytes for storage), or null when `raw` is not a quantity. */
export function parseQuantity(raw: string | null | undefined): number | null {
  const value = exactQuantity(raw);
  // A fraction of a binary unit (1.5Gi) is exact in doubles; a decimal one may not be, so
  // round anything at or above one unit to whole units, as the API server does for bytes.
  return value === null ? null : Math.abs(value) >= 1 ? Math.round(value) : value;
}

/** CPU in cores ("250m" → 0.25, "1.5" → 1.5): not rounded, since a fraction of a core is a real amount. */
export function parseCpuCores(raw: string | null | undefined): number | null {
  return exactQuantity(raw);
}

function exactQuantity(raw: string | null | undefined): number | null {
  if (typeof raw !== 'string') return null;
  const match = QUANTITY.exec(raw.trim());
  if (match === null) return null;
  const [, sign, digits, suffix = ''] = match;
  const mantissa = Number(digits) * (sign === '-' ? -1 : 1);
  if (!Number.isFinite(mantissa)) return null;
  let factor: number;
  if (suffix in BINARY) factor = BINARY[suffix];
  else if (suffix in DECIMAL) factor = DECIMAL[suffix];
  else factor = 10 ** Number(suffix.slice(1));
  const value = mantissa * factor;
  return Number.isFinite(value) ? value : null;
}

/** -1, 0 or 1 as `a` is smaller than, equal to or larger than `b`; null if either is unreadable. */
export function compareQuantities(a: string | null | undefined, b: string | null | undefined): -1 | 0 | 1 | null {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === null || y === null) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sum of the readable quantities, and how many were not readable. */
export function sumQuantities(values: readonly (string | null | undefined)[]): { total: number; unreadable: number } {
  let total = 0;
  let unreadable = 0;
  for (const v of values) {
    const n = parseQuantity(v);
    if (n === null) unreadable++;
    else total += n;
  }
  return { total, unreadable };
}

const BINARY_STEPS: readonly [string, number][] = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/**
 * Bytes in the largest binary unit that keeps at least 1, up to two decimals, trailing zeros
 * dropped: 1610612736 → "1.5Gi", 322122547200 → "300Gi", 512 → "512".
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const abs = Math.abs(bytes);
  for (const [unit, size] of BINARY_STEPS) {
    if (abs >= size) return `${trimNumber(bytes / size)}${unit}`;
  }
  return trimNumber(bytes);
}

function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}
