import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDuration } from './format';

describe('formatClock', () => {
  it('shows the hour after midnight as 00, not 24', () => {
    expect(formatClock(new Date(2026, 11, 6, 0, 5, 9).getTime())).toMatch(/^00.05.09$/);
    expect(formatClock(new Date(2026, 11, 6, 23, 59, 59).getTime())).toMatch(/^23.59.59$/);
  });

  it('gives the same answer however often it is asked (one formatter, made once)', () => {
    const t = new Date(2026, 11, 6, 13, 4, 5).getTime();
    expect(new Set(Array.from({ length: 100 }, () => formatClock(t))).size).toBe(1);
    expect(formatDateTime(t)).toContain(formatClock(t));
    expect(formatDateTime(null)).toBe('–');
  });
});

describe('formatDuration', () => {
  it('reads at a glance', () => {
    expect(formatDuration(59_000)).toBe('59s');
    expect(formatDuration(61_000)).toBe('1m 01s');
    expect(formatDuration(-1)).toBe('–');
  });
});
