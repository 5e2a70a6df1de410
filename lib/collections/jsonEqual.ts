// Whether two values would be written as the same JSON, without writing them: the overview asks
// this of each changed application's summary every publish (a thousand of them under churn, four
// times a second), and stringifying both sides of each was a tenth of the event loop's longest
// pauses in a profile at 100,000 pods. Stops at the first difference. Unlike comparing strings,
// key order does not matter. Plain data only: a value with toJSON (a Date) is compared by its
// fields, not by what toJSON returns.

/** What JSON writes for a value found in an object: nothing for undefined and functions. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b); // both written as null
  if (typeof a === 'number' && !Number.isFinite(a)) return b === null;
  if (typeof b === 'number' && !Number.isFinite(b)) return a === null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    // In an array, what JSON omits is written as null.
    for (let i = 0; i < a.length; i++) if (!jsonEqual(omitted(a[i]) ? null : a[i], omitted(bb[i]) ? null : bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (!Object.prototype.hasOwnProperty.call(ao, k) || omitted(ao[k])) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(bo, k) || omitted(bo[k]) || !jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (Object.prototype.hasOwnProperty.call(bo, k) && !omitted(bo[k])) count--;
  return count === 0;
}
