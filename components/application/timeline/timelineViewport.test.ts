import { describe, expect, it } from 'vitest';
import type { ViewMode } from './timelineViewport';
import { TimelineViewport } from './timelineViewport';

const MIN = 60_000;

function viewport() {
  const modes: ViewMode[] = [];
  return { v: new TimelineViewport((m) => modes.push(m)), modes };
}

describe('TimelineViewport', () => {
  it('starts fitting the whole history and grows with now', () => {
    const { v } = viewport();
    const a = v.at(100 * MIN, 0);
    expect(a.end).toBe(100 * MIN);
    expect(a.start).toBeLessThanOrEqual(0);
    const b = v.at(200 * MIN, 0);
    expect(b.end).toBe(200 * MIN);
    expect(b.start).toBeLessThanOrEqual(0);
  });

  it('zooming while live keeps the right edge at now and switches to follow', () => {
    const { v, modes } = viewport();
    v.at(100 * MIN, 0);
    v.zoom(0.1, 5 * MIN, 100 * MIN, 0);
    const z = v.at(100 * MIN, 0);
    expect(z.end).toBe(100 * MIN);
    expect(modes).toEqual(['follow']);
    const later = v.at(110 * MIN, 0);
    expect(later.end).toBe(110 * MIN);
    expect(later.end - later.start).toBeCloseTo(z.end - z.start);
  });

  it('panning stops following; zoom then holds the anchor', () => {
    const { v, modes } = viewport();
    v.setLive(true, 10 * MIN, 0);
    v.at(10 * MIN, 0);
    v.panBy(-MIN, 10 * MIN, 0);
    expect(modes.at(-1)).toBe('free');
    const panned = v.at(20 * MIN, 0);
    expect(panned.end).toBeLessThan(10 * MIN);
    const anchor = (panned.start + panned.end) / 2 + 1000;
    v.zoom(0.5, anchor, 20 * MIN, 0);
    const z = v.at(20 * MIN, 0);
    expect((anchor - z.start) / (z.end - z.start)).toBeCloseTo((anchor - panned.start) / (panned.end - panned.start));
  });

  it('the live toggle and fit switch modes and report each change once', () => {
    const { v, modes } = viewport();
    v.setLive(false, MIN, 0);
    v.setLive(false, MIN, 0);
    v.setLive(true, MIN, 0);
    v.fit();
    expect(modes).toEqual(['free', 'follow', 'fit']);
    expect(v.live).toBe(true);
  });

  it('an empty history still gets a valid window', () => {
    const { v } = viewport();
    const w = v.at(5 * MIN, Infinity);
    expect(w.end).toBe(5 * MIN);
    expect(w.end - w.start).toBeGreaterThanOrEqual(1000);
  });
});
