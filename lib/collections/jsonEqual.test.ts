import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/mulberry32';
import { jsonEqual } from './jsonEqual';

/** A random plain value: what an application summary is made of (and JSON's odd corners). */
function value(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.35) {
    const leaves = [0, 1, -1, 2.5, 'a', 'b', '', true, false, null, undefined, NaN, Infinity];
    return leaves[Math.floor(rnd() * leaves.length)];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  for (const k of ['k', 'state', 'counts', 'driver', 'x']) if (rnd() < 0.6) o[k] = value(rnd, depth + 1);
  return o;
}

/** A copy with, sometimes, one leaf changed somewhere. */
function mutate(v: unknown, rnd: () => number): unknown {
  if (v === null || typeof v !== 'object') return rnd() < 0.3 ? value(rnd, 4) : v;
  if (Array.isArray(v)) return v.map((x) => mutate(x, rnd));
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = mutate(x, rnd);
  if (rnd() < 0.1) o.extra = value(rnd, 4);
  return o;
}

describe('jsonEqual', () => {
  it('agrees with comparing the JSON text, over a seeded run of 20,000 pairs', () => {
    const rnd = mulberry32(15);
    let equal = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = value(rnd, 0);
      const b = mutate(a, rnd);
      const expected = JSON.stringify(a) === JSON.stringify(b);
      expect(jsonEqual(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(expected);
      if (expected) equal++;
    }
    // Both answers occur often enough to mean something.
    expect(equal).toBeGreaterThan(2000);
    expect(equal).toBeLessThan(18_000);
  });

  it('ignores key order, and treats what JSON leaves out as absent', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual({ n: NaN }, { n: null })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
  });
});
