import { describe, expect, it } from 'vitest';
import { STATE_CODE } from '../../../lib/snapshot/executorRow';
import { SegmentCache } from './segmentCache';
import { T0, timelineRow } from './testing/timelineRows';
import { formatDuration, rowLabel, rowTitle } from './timelineFormat';

describe('SegmentCache', () => {
  it('computes a row once per object identity', () => {
    const cache = new SegmentCache();
    const row = timelineRow(7);
    const first = cache.get(row);
    expect(cache.get(row)).toBe(first);
    expect(cache.computed).toBe(1);
    const changed = { ...row, state: 'failed' as const, tr: [...row.tr, [STATE_CODE.failed, T0 + 5000] as const] };
    expect(cache.get(changed).segments.at(-1)?.state).toBe('failed');
    expect(cache.computed).toBe(2);
    expect(first.label).toBe('7');
  });
});

describe('timeline words', () => {
  it('labels and titles rows by role and registration', () => {
    expect(rowLabel(timelineRow(1, { role: 'driver', executorId: null }))).toBe('driver');
    expect(rowLabel(timelineRow(1, { executorId: null }))).toBe('–');
    expect(rowTitle(timelineRow(4))).toBe('Executor 4');
    expect(rowTitle(timelineRow(4, { executorId: null }))).toBe('Executor (not registered with Spark)');
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(192_000)).toBe('3 min 12 s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2 h 05 min');
    expect(formatDuration(76 * 3600_000)).toBe('3 d 4 h');
  });
});
