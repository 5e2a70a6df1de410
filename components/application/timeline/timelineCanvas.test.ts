import { describe, expect, it } from 'vitest';
import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import { STATE_CODE as C } from '../../../lib/snapshot/executorRow';
import { eventTicksByPod } from '../../../lib/timeline/eventTicks';
import { niceTicks } from '../../../lib/timeline/viewport';
import type { PodEvent } from '../../../lib/why/podEvent';
import { SegmentCache } from './segmentCache';
import { FakeContext } from './testing/fakeContext';
import { T0, timelineRow } from './testing/timelineRows';
import type { RowsFrame, TimelineContext } from './timelineCanvas';
import { DIM_ALPHA, createRectBatches, drawAxis, drawRows } from './timelineCanvas';
import { GUTTER_WIDTH, ROW_METRICS } from './timelineLayout';
import type { StateOverlays } from './timelinePatterns';
import { readTimelineTheme } from './timelineTheme';

const theme = readTimelineTheme(null, false);
const overlays = {
  running: null, pending: 'P:pending', succeeded: 'P:succeeded', failed: 'P:failed', deleted: 'P:deleted', terminating: 'P:terminating', unknown: null,
} as unknown as StateOverlays;
const S = 1000;
const PLOT = 1000; // 1 px per second over a 1000 s viewport
const WIDTH = GUTTER_WIDTH + PLOT;
const PITCH = ROW_METRICS.dense.rowHeight + ROW_METRICS.dense.rowGap;

function frame(rows: (ExecutorRow | null)[], over: Partial<RowsFrame> = {}): RowsFrame {
  const cache = new SegmentCache();
  return {
    width: WIDTH, height: 400, gutter: GUTTER_WIDTH, metrics: ROW_METRICS.dense, scrollTop: 0,
    viewport: { start: T0, end: T0 + 1000 * S }, now: T0 + 2000 * S,
    rows, order: rows.map((_, i) => i), geometry: (row) => cache.get(row), ticks: [],
    selectedPos: -1, hoverPos: -1, focusPos: -1, theme, overlays,
    ...over,
  };
}

function draw(f: RowsFrame) {
  const ctx = new FakeContext();
  const drawn = drawRows(ctx as unknown as TimelineContext, f, createRectBatches());
  return { ctx, drawn };
}

const barsIn = (ctx: FakeContext, colour: unknown) => ctx.ops('fillRect').filter((c) => c.fillStyle === colour);

describe('drawRows', () => {
  it('draws only the rows in view out of 10,000', () => {
    const rows = Array.from({ length: 10_000 }, (_, k) => timelineRow(k));
    const seen = new Set<number>();
    const cache = new SegmentCache();
    const f = frame(rows, { scrollTop: 5000 * PITCH, geometry: (row) => { seen.add(row.k); return cache.get(row); } });
    const { ctx, drawn } = draw(f);
    expect(drawn).toMatchObject({ from: 5000, to: 5025 });
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => 5000 + i));
    expect(ctx.ops('fillText').map((c) => c.text)).toEqual(Array.from({ length: 25 }, (_, i) => String(5000 + i)));
    const running = barsIn(ctx, theme.fill.running);
    expect(running).toHaveLength(25);
    for (const c of running) {
      expect(c.args[1]).toBeGreaterThanOrEqual(0);
      expect(c.args[1] + c.args[3]).toBeLessThanOrEqual(400);
    }
    expect(cache.computed).toBe(25);
  });

  it('clips segments to the viewport and skips those outside it', () => {
    const row = timelineRow(1, { tr: [[C.pending, T0 - 7200 * S], [C.running, T0 - 3600 * S]] });
    const { ctx } = draw(frame([row], { now: T0 + 5000 * S }));
    expect(barsIn(ctx, theme.fill.pending)).toHaveLength(0);
    expect(barsIn(ctx, theme.fill.running).map((c) => c.args)).toEqual([[GUTTER_WIDTH, 1, PLOT, 14]]);
  });

  it('places bars by time and lets open bars end at now', () => {
    const row = timelineRow(1, { tr: [[C.pending, T0 + 100 * S], [C.running, T0 + 300 * S]] });
    const { ctx } = draw(frame([row], { now: T0 + 500 * S }));
    expect(barsIn(ctx, theme.fill.pending)[0].args).toEqual([GUTTER_WIDTH + 100, 1, 200, 14]);
    expect(barsIn(ctx, theme.fill.running)[0].args).toEqual([GUTTER_WIDTH + 300, 1, 200, 14]);
  });

  it('overlays the pattern on patterned states, strokes hollow ones, leaves solid ones plain', () => {
    const failed = timelineRow(1, { state: 'failed', tr: [[C.failed, T0]] });
    const running = timelineRow(2, { tr: [[C.running, T0]] });
    const unknown = timelineRow(3, { state: 'unknown', tr: [[C.unknown, T0]] });
    const { ctx } = draw(frame([failed, running, unknown]));
    const failedFill = barsIn(ctx, theme.fill.failed);
    const failedPattern = barsIn(ctx, 'P:failed');
    expect(failedFill).toHaveLength(1);
    expect(failedPattern.map((c) => c.args)).toEqual(failedFill.map((c) => c.args));
    expect(barsIn(ctx, theme.fill.running)).toHaveLength(1);
    expect(ctx.calls.some((c) => c.fillStyle === null)).toBe(false);
    expect(barsIn(ctx, theme.fill.unknown)).toHaveLength(0);
    const outline = ctx.ops('rect').filter((c) => c.strokeStyle === theme.fill.unknown && c.args[0] >= GUTTER_WIDTH);
    expect(outline.map((c) => c.args)).toEqual([[GUTTER_WIDTH + 0.5, 2 * PITCH + 1.5, PLOT - 1, 13]]);
    expect(ctx.ops('stroke').some((c) => c.strokeStyle === theme.fill.unknown)).toBe(true);
  });

  it('sets each paint style once per frame, however many bars use it', () => {
    const rows = Array.from({ length: 25 }, (_, k) => (k % 2
      ? timelineRow(k, { state: 'failed', tr: [[C.running, T0], [C.failed, T0 + 10 * S]] })
      : timelineRow(k)));
    const { ctx } = draw(frame(rows));
    expect(barsIn(ctx, theme.fill.failed)).toHaveLength(12);
    expect(ctx.fillStyles.filter((s) => s === theme.fill.running)).toHaveLength(1);
    expect(ctx.fillStyles.filter((s) => s === theme.fill.failed)).toHaveLength(1);
    expect(ctx.fillStyles.filter((s) => s === 'P:failed')).toHaveLength(1);
  });

  it('marks a pod that left the API, caps a pod being deleted, dims an inactive one', () => {
    const gone = timelineRow(1, { state: 'deleted', gone: true, tr: [[C.running, T0], [C.deleted, T0 + 500 * S]] });
    const deleting = timelineRow(2, { deleting: true });
    const inactive = timelineRow(3, { inactive: true });
    const { ctx } = draw(frame([gone, deleting, inactive], { now: T0 + 800 * S }));
    expect(barsIn(ctx, theme.fill.deleted).map((c) => c.args)).toEqual([[GUTTER_WIDTH + 499, 1, 3, 14]]);
    expect(barsIn(ctx, theme.fill.running).find((c) => c.args[1] === 1)?.args).toEqual([GUTTER_WIDTH, 1, 500, 14]);
    expect(barsIn(ctx, theme.cap).map((c) => c.args)).toEqual([[GUTTER_WIDTH + 800 - 2, PITCH + 1 - 1, 2, 16]]);
    const dimmed = barsIn(ctx, theme.fill.running).filter((c) => c.args[1] === 2 * PITCH + 1);
    expect(dimmed.length).toBeGreaterThan(0);
    expect(dimmed.every((c) => c.alpha === DIM_ALPHA)).toBe(true);
    expect(ctx.ops('fillText').find((c) => c.text === '3')?.fillStyle).toBe(theme.mutedText);
  });

  it('outlines the selected and the focused row and draws the live edge', () => {
    const rows = [timelineRow(0), timelineRow(1), timelineRow(2)];
    const { ctx } = draw(frame(rows, { selectedPos: 1, focusPos: 2, now: T0 + 600 * S }));
    const outlines = ctx.ops('strokeRect');
    expect(outlines.map((c) => c.strokeStyle)).toEqual([theme.selection, theme.focus]);
    expect(outlines[0].args[1]).toBeCloseTo(PITCH + 1);
    expect(ctx.ops('setLineDash').map((c) => c.args)).toContainEqual([3, 2]);
    expect(barsIn(ctx, theme.now).map((c) => c.args)).toEqual([[GUTTER_WIDTH + 600, 0, 1, 400]]);
  });

  it('labels the driver and unregistered executors, skipping empty slots', () => {
    const rows = [timelineRow(0, { role: 'driver', executorId: null }), null, timelineRow(2, { executorId: null })];
    const { ctx } = draw(frame(rows, { order: [0, 2] }));
    expect(ctx.ops('fillText').map((c) => c.text)).toEqual(['driver', '–']);
  });

  it('draws nothing but the chrome when there are no rows', () => {
    const { ctx, drawn } = draw(frame([]));
    expect(drawn).toEqual({ from: 0, to: 0, bars: 0, ticks: 0, tickAt: null });
    expect(ctx.ops('fillText')).toHaveLength(0);
  });
});

describe('drawAxis', () => {
  const viewport = { start: T0, end: T0 + 1000 * S };
  const ticks = niceTicks(viewport.start, viewport.end, 10, { offsetMs: 0 });

  it('labels the ticks inside the plot and the live edge', () => {
    const ctx = new FakeContext();
    drawAxis(ctx as unknown as TimelineContext, { width: WIDTH, height: 22, gutter: GUTTER_WIDTH, viewport, now: T0 + 990 * S, ticks, theme });
    const labels = ctx.ops('fillText').map((c) => c.text);
    expect(labels).toContain('00:05');
    expect(labels).toContain('now');
    expect(labels).not.toContain('00:00'); // too close to the gutter to fit
    expect(ctx.ops('fillText').find((c) => c.text === 'now')?.args[0]).toBe(GUTTER_WIDTH + 990 - 3);
  });

  it('has no "now" when the live edge is out of view', () => {
    const ctx = new FakeContext();
    drawAxis(ctx as unknown as TimelineContext, { width: WIDTH, height: 22, gutter: GUTTER_WIDTH, viewport, now: T0 + 5000 * S, ticks, theme });
    expect(ctx.ops('fillText').map((c) => c.text)).not.toContain('now');
  });
});

describe('unobserved gaps', () => {
  it('veils the span nobody watched across every row, between two marks', () => {
    const f = frame([timelineRow(1, { tr: [[C.running, T0]] })], { gaps: [[T0 + 100 * S, T0 + 300 * S]] });
    const { ctx } = draw(f);
    const veil = ctx.ops('fillRect').filter((c) => c.fillStyle === theme.unobserved);
    expect(veil).toHaveLength(1);
    expect(veil[0].args).toEqual([GUTTER_WIDTH + 100, 0, 200, 400]);
    // Out of view: nothing drawn.
    expect(draw(frame([], { gaps: [[T0 + 2000 * S, T0 + 3000 * S]] })).ctx.ops('fillRect').filter((c) => c.fillStyle === theme.unobserved)).toHaveLength(0);
  });
});

describe('event ticks', () => {
  const event = (over: Partial<PodEvent>): PodEvent => ({
    id: 'e', type: 'Warning', reason: 'FailedScheduling', message: 'm', count: 1, first: T0, last: T0, source: 'default-scheduler', kind: 'Pod', object: 'p', ...over,
  });
  const rows = [timelineRow(0), timelineRow(1)];
  const ticksOf = eventTicksByPod([
    { uid: 'uid-1', events: [event({ id: 'w', count: 3, first: T0 + 100 * S, last: T0 + 200 * S }), event({ id: 'n', type: 'Normal', reason: 'Scheduled', first: T0 + 50 * S, last: T0 + 50 * S })] },
    { uid: 'uid-0', events: [event({ id: 'late', first: T0 + 5000 * S, last: T0 + 5000 * S })] },
  ], null);

  it('marks a warning at both ends of its repeats at full height, a normal event shorter, each over a halo', () => {
    const { ctx, drawn } = draw(frame(rows, { eventTicks: ticksOf }));
    const y = PITCH + 1;
    expect(ctx.ops('fillRect').filter((c) => c.fillStyle === theme.eventWarning && c.args[2] === 2).map((c) => c.args))
      .toEqual([[GUTTER_WIDTH + 99, y, 2, 14], [GUTTER_WIDTH + 199, y, 2, 14]]);
    expect(ctx.ops('fillRect').filter((c) => c.fillStyle === theme.eventNormal).map((c) => c.args)).toEqual([[GUTTER_WIDTH + 49, y + 4, 2, 6]]);
    expect(ctx.ops('fillRect').filter((c) => c.fillStyle === theme.eventHalo)).toHaveLength(3);
    // The tick after the viewport is not drawn; tests hover the first warning drawn.
    expect(drawn.ticks).toBe(3);
    expect(drawn.tickAt).toEqual([GUTTER_WIDTH + 100, y + 7]);
  });

  it('paints halos, then Normal, then Warning ticks, each colour once, over the bars', () => {
    const { ctx } = draw(frame(rows, { eventTicks: ticksOf }));
    const styles = ctx.fillStyles;
    const halo = styles.indexOf(theme.eventHalo);
    expect(halo).toBeGreaterThan(styles.indexOf(theme.fill.running));
    expect(styles.indexOf(theme.eventNormal)).toBeGreaterThan(halo);
    expect(styles.lastIndexOf(theme.eventWarning)).toBeGreaterThan(styles.indexOf(theme.eventNormal));
    expect(styles.filter((x) => x === theme.eventHalo)).toHaveLength(1);
  });

  it('draws no ticks for rows out of view', () => {
    const many = Array.from({ length: 100 }, (_, k) => timelineRow(k));
    const { drawn } = draw(frame(many, { scrollTop: 50 * PITCH, eventTicks: ticksOf }));
    expect(drawn).toMatchObject({ ticks: 0, tickAt: null });
  });
});
