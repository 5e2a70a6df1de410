import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../lib/timeline/segments';
import { segmentEnd } from '../../../lib/timeline/segments';
import { ROW_METRICS, rowAtY, scrollToShow, segmentAt, visibleRows } from './timelineLayout';

const dense = ROW_METRICS.dense; // 14 + 2 = 16 px a row

describe('visibleRows', () => {
  it('covers partly visible rows at both edges', () => {
    expect(visibleRows(0, 400, 16, 10_000)).toEqual([0, 25]);
    expect(visibleRows(8, 400, 16, 10_000)).toEqual([0, 26]);
    expect(visibleRows(80_000, 400, 16, 10_000)).toEqual([5000, 5025]);
  });

  it('stops at the last row and handles nothing to show', () => {
    expect(visibleRows(0, 400, 16, 3)).toEqual([0, 3]);
    expect(visibleRows(0, 400, 16, 0)).toEqual([0, 0]);
    expect(visibleRows(0, 0, 16, 10)).toEqual([0, 0]);
  });
});

describe('rowAtY', () => {
  it('finds the row under a point, scrolled or not', () => {
    expect(rowAtY(0, 0, dense, 10)).toBe(0);
    expect(rowAtY(17, 0, dense, 10)).toBe(1);
    expect(rowAtY(5, 160, dense, 100)).toBe(10);
  });

  it('is -1 past the last row or above the first', () => {
    expect(rowAtY(200, 0, dense, 10)).toBe(-1);
    expect(rowAtY(-1, 0, dense, 10)).toBe(-1);
  });
});

describe('scrollToShow', () => {
  it('scrolls up or down just enough, and not at all when the row is in view', () => {
    expect(scrollToShow(2, 100, 400, 16)).toBe(32);
    expect(scrollToShow(40, 0, 400, 16)).toBe(41 * 16 - 400);
    expect(scrollToShow(10, 0, 400, 16)).toBe(0);
  });
});

describe('segmentAt', () => {
  const segs: Segment[] = [
    { state: 'pending', start: 0, end: 100, open: false },
    { state: 'running', start: 100, end: 500, open: false },
    { state: 'deleted', start: 500, end: 500, open: false },
  ];

  it('finds the segment whose span holds t', () => {
    expect(segmentAt(segs, 50, 1000, 0)).toBe(0);
    expect(segmentAt(segs, 100, 1000, 0)).toBe(1);
    expect(segmentAt(segs, -5, 1000, 0)).toBe(-1);
  });

  it('prefers a zero-length marker within the slack', () => {
    expect(segmentAt(segs, 497, 1000, 5)).toBe(2);
    expect(segmentAt(segs, 504, 1000, 5)).toBe(2);
    expect(segmentAt(segs, 520, 1000, 5)).toBe(-1);
  });

  it('lets open segments grow to now', () => {
    const open: Segment[] = [{ state: 'running', start: 100, end: 100, open: true }];
    expect(segmentEnd(open[0], 900)).toBe(900);
    expect(segmentAt(open, 800, 900, 0)).toBe(0);
    expect(segmentAt(open, 903, 900, 5)).toBe(0);
    expect(segmentAt(open, 950, 900, 5)).toBe(-1);
  });
});
