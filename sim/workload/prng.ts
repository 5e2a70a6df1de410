// The simulator's only source of randomness: mulberry32, seeded. Every decision draws from
// a Prng, and every actor that decides on its own (an application, a pod) gets its own
// forked stream, so the same seed gives the same decisions however the API interleaves.

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `n` lower-case hex characters. */
  hex(n: number): string;
  /** An independent stream whose seed is drawn from this one. */
  fork(): Prng;
}

import { mulberry32 } from '../../lib/random/mulberry32';

export { mulberry32 };

export function createPrng(seed: number): Prng {
  const next = mulberry32(seed);
  const prng: Prng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    between: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    hex(n) {
      let s = '';
      while (s.length < n) s += Math.floor(next() * 0x10000).toString(16).padStart(4, '0');
      return s.slice(0, n);
    },
    fork: () => createPrng(Math.floor(next() * 4294967296)),
  };
  return prng;
}
