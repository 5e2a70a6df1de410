import { describe, expect, it } from 'vitest';
import {
  MAX_VIEWPORT_MS, MIN_VIEWPORT_MS, clampViewport, fitExtent, follow, formatTickLabel, niceTicks, pan, tickStep, timeToX, xToTime, zoomAt,
} from './viewport';

// 2026-01-01T10:00:00Z
const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const utc = { offsetMs: 0 };

describe('zoomAt', () => {
  it('keeps the anchor at the same place on screen', () => {
    const v = { start: 0, end: 100_000 };
    const z = zoomAt(v, 0.5, 80_000);
    expect(z).toEqual({ start: 40_000, end: 90_000 });
    expect(timeToX(80_000, z, 500)).toBeCloseTo(timeToX(80_000, v, 500));
  });

  it('zooming out then in returns the same window', () => {
    const v = { start: 10_000, end: 70_000 };
    const back = zoomAt(zoomAt(v, 2, 30_000), 0.5, 30_000);
    expect(back.start).toBeCloseTo(v.start);
    expect(back.end).toBeCloseTo(v.end);
  });

  it('stops at 1 s and at 30 days, holding the anchor', () => {
    const tight = zoomAt({ start: 0, end: 2000 }, 0.01, 1000);
    expect(tight).toEqual({ start: 500, end: 1500 });
    const wide = zoomAt({ start: 0, end: 20 * 86_400_000 }, 10, 0);
    expect(wide.end - wide.start).toBe(MAX_VIEWPORT_MS);
    expect(wide.start).toBe(0);
  });
});

describe('pan, follow, fit and clamp', () => {
  it('pan shifts both edges', () => {
    expect(pan({ start: 100, end: 5100 }, -100)).toEqual({ start: 0, end: 5000 });
  });

  it('follow puts the right edge at now and keeps the width', () => {
    expect(follow({ start: 0, end: 60_000 }, 1_000_000)).toEqual({ start: 940_000, end: 1_000_000 });
  });

  it('fit shows the whole extent ending at its end', () => {
    const v = fitExtent(0, 100_000);
    expect(v.end).toBe(100_000);
    expect(v.start).toBeLessThanOrEqual(0);
  });

  it('fit of an instant is at least a second wide', () => {
    expect(fitExtent(5000, 5000)).toEqual({ start: 5000 - MIN_VIEWPORT_MS, end: 5000 });
  });

  it('clamp keeps the centre and leaves valid windows alone', () => {
    expect(clampViewport({ start: 1000, end: 1200 })).toEqual({ start: 600, end: 1600 });
    const ok = { start: 0, end: 10_000 };
    expect(clampViewport(ok)).toBe(ok);
  });
});

describe('timeToX / xToTime', () => {
  it('are inverses', () => {
    const v = { start: T0, end: T0 + 60_000 };
    expect(timeToX(T0 + 30_000, v, 600)).toBe(300);
    expect(xToTime(150, v, 600)).toBe(T0 + 15_000);
    expect(xToTime(timeToX(T0 + 12_345, v, 777), v, 777)).toBeCloseTo(T0 + 12_345);
  });
});

describe('niceTicks', () => {
  it('picks the smallest human step that fits', () => {
    expect(tickStep(10_000, 10)).toBe(1000);
    expect(tickStep(60_000, 10)).toBe(15_000);
    expect(tickStep(3600_000, 10)).toBe(15 * 60_000);
    expect(tickStep(2 * 86_400_000, 10)).toBe(6 * 3600_000);
    expect(tickStep(20 * 86_400_000, 10)).toBe(2 * 86_400_000);
  });

  it('labels seconds as HH:MM:SS on round seconds', () => {
    const ticks = niceTicks(T0 + 300, T0 + 5_000, 10, utc);
    expect(ticks.map((t) => t.label)).toEqual(['10:00:01', '10:00:02', '10:00:03', '10:00:04', '10:00:05']);
    expect(ticks[0].t).toBe(T0 + 1000);
  });

  it('labels minutes and hours as HH:MM', () => {
    const ticks = niceTicks(T0 - 1, T0 + 3 * 3600_000, 4, utc);
    expect(ticks.map((t) => t.label)).toEqual(['10:00', '11:00', '12:00', '13:00']);
  });

  it('falls on round times of the displayed zone', () => {
    const ist = 5.5 * 3600_000; // UTC+05:30
    const ticks = niceTicks(T0, T0 + 3 * 3600_000, 4, { offsetMs: ist });
    expect(ticks.map((t) => t.label)).toEqual(['16:00', '17:00', '18:00']);
    expect(ticks[0].t).toBe(T0 + 30 * 60_000);
  });

  it('never returns more than maxTicks', () => {
    for (const width of [1500, 7000, 40_000, 400_000, 5e6, 4e7, 9e7, 2e9]) {
      expect(niceTicks(T0, T0 + width, 6, utc).length).toBeLessThanOrEqual(7); // both ends may land on a tick
    }
  });

  it('accepts a formatter', () => {
    expect(niceTicks(0, 2000, 5, { offsetMs: 0, format: (t, step) => `${t}/${step}` }).map((t) => t.label)).toEqual(['0/1000', '1000/1000', '2000/1000']);
  });

  it('formats days as MM-DD and nothing for an empty window', () => {
    expect(formatTickLabel(T0, 86_400_000, 0)).toBe('01-01');
    expect(niceTicks(5, 5, 10)).toEqual([]);
  });
});
