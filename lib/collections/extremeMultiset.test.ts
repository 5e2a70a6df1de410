import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/mulberry32';
import { ExtremeMultiset } from './extremeMultiset';

describe('ExtremeMultiset', () => {
  it('answers min and max like a rescan, through random adds and deletes', () => {
    const random = mulberry32(42);
    const set = new ExtremeMultiset();
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      if (values.length && random() < 0.45) {
        const [v] = values.splice(Math.floor(random() * values.length), 1);
        set.delete(v);
      } else {
        const v = Math.floor(random() * 200);
        values.push(v);
        set.add(v);
      }
      expect(set.min()).toBe(values.length ? Math.min(...values) : null);
      expect(set.max()).toBe(values.length ? Math.max(...values) : null);
    }
  });

  it('ignores deleting a value it does not hold', () => {
    const set = new ExtremeMultiset();
    set.add(3);
    set.delete(7);
    expect([set.min(), set.max(), set.size]).toEqual([3, 3, 1]);
  });
});
