import { describe, expect, it } from 'vitest';
import { appendSample } from './countSeries';
import { SampleRing } from './sampleRing';

describe('SampleRing', () => {
  it('holds what appendSample would hold, through wrap-around and same-time replacements', () => {
    const ring = new SampleRing(5);
    let array: number[][] = [];
    const times = [1, 2, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12];
    times.forEach((t, i) => {
      const sample = [t, i, 0, 0, 0, 0, 0, 0];
      ring.push(sample);
      array = appendSample(array, sample, 5);
      expect(ring.since()).toEqual(array);
    });
    expect(ring.since(10)).toEqual(array.filter((s) => s[0] >= 10));
    expect(ring.last()).toEqual(array[array.length - 1]);
  });
});
