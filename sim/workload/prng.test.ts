import { describe, expect, it } from 'vitest';
import { createPrng, mulberry32 } from './prng';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
  });

  it('matches the widely copied JavaScript original', () => {
    // bryc's one-liner, verbatim in behaviour: `a` grows unbounded, Math.imul and ^ wrap it.
    const original = (seed: number) => {
      let a = seed;
      return () => {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    };
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const ours = mulberry32(seed);
      const theirs = original(seed);
      for (let i = 0; i < 50; i++) expect(ours()).toBe(theirs());
    }
    expect(Math.round(mulberry32(1)() * 2 ** 32)).toBe(2693262067);
  });

  it('gives different sequences for different seeds, all in [0, 1)', () => {
    const a = Array.from({ length: 20 }, mulberry32(1));
    const b = Array.from({ length: 20 }, mulberry32(2));
    expect(a).not.toEqual(b);
    for (const x of [...a, ...b]) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('createPrng', () => {
  it('draws integers within inclusive bounds and hex of the asked length', () => {
    const rng = createPrng(7);
    const ints = Array.from({ length: 2000 }, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect(rng.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(rng.hex(6)).toMatch(/^[0-9a-f]{6}$/);
  });

  it('forks independent streams deterministically', () => {
    const a = createPrng(99);
    const b = createPrng(99);
    const fa = a.fork();
    const fb = b.fork();
    expect([fa.next(), fa.next()]).toEqual([fb.next(), fb.next()]);
    // Drawing from a fork does not move the parent.
    expect(a.next()).toBe(b.next());
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createPrng(1).pick([])).toThrow(/empty/);
  });
});
