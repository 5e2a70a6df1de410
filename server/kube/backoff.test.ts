import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const fixed = (r: number) => ({ initialMs: 500, maxMs: 30_000, random: () => r });
  it('doubles from the initial delay up to the maximum, forever', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffDelay(n, fixed(1)))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it('jitters within the upper half, never to zero', () => {
    expect(backoffDelay(1, fixed(0))).toBe(250);
    expect(backoffDelay(7, fixed(0))).toBe(15000);
  });
});
