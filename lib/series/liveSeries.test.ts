import { describe, expect, it } from 'vitest';
import { appendLiveSample, mergeLiveSeries, type Sample } from './liveSeries';

const opts = { windowMs: 60_000, minGapMs: 2_000 };

describe('appendLiveSample', () => {
  it('appends changes, ignores repeats and replaces a change within the gap', () => {
    const s: Sample<number>[] = [];
    expect(appendLiveSample(s, 1_000, 3, opts)).toBe(true);
    expect(appendLiveSample(s, 1_500, 3, opts)).toBe(false);
    expect(appendLiveSample(s, 2_000, 4, opts)).toBe(true);
    expect(s).toEqual([[1_000, 4]]);
    expect(appendLiveSample(s, 5_000, 5, opts)).toBe(true);
    expect(s).toEqual([[1_000, 4], [5_000, 5]]);
  });

  it('drops samples older than the window but keeps two', () => {
    const s: Sample<number>[] = [];
    for (let i = 0; i < 100; i++) appendLiveSample(s, i * 10_000, i, opts);
    expect(s[0][0]).toBeGreaterThanOrEqual(990_000 - 60_000);
    expect(s.length).toBe(7);
    const two: Sample<number>[] = [[0, 1]];
    appendLiveSample(two, 1_000_000, 2, opts);
    expect(two).toEqual([[0, 1], [1_000_000, 2]]);
  });

  it('compares vectors with the given equality', () => {
    const s: Sample<number[]>[] = [];
    const equal = (a: number[], b: number[]) => a.join() === b.join();
    appendLiveSample(s, 0, [1, 2], { ...opts, equal });
    expect(appendLiveSample(s, 5_000, [1, 2], { ...opts, equal })).toBe(false);
  });
});

describe('mergeLiveSeries', () => {
  it('takes history up to the first live sample, then live samples, extended to now', () => {
    const history: Sample<number>[] = [[10_000, 1], [20_000, 2], [30_000, 9]];
    const live: Sample<number>[] = [[25_000, 3], [40_000, 4]];
    expect(mergeLiveSeries(history, live, 50_000, 60_000, 4)).toEqual([[10_000, 1], [20_000, 2], [25_000, 3], [40_000, 4], [50_000, 4]]);
  });

  it('keeps only the window', () => {
    expect(mergeLiveSeries([[0, 1], [50_000, 2]], [], 100_000, 60_000, 7)).toEqual([[50_000, 2], [100_000, 2]]);
    expect(mergeLiveSeries([[0, 1]], [], 100_000, 60_000, 7)).toEqual([]);
    expect(mergeLiveSeries(undefined, [], 100_000, 60_000, null)).toEqual([]);
  });
});
