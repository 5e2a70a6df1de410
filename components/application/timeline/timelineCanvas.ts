// Drawing the executor timeline on a 2D canvas: the visible rows' state bars, markers, caps,
// event ticks, selection, live edge and gutter labels (drawRows), and the time axis (drawAxis). Given a
// context already scaled to CSS pixels, these functions only paint; they never measure or
// read the DOM, so a recording fake context can test them. Bars are batched by paint style.

import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import { STATE_CODE } from '../../../lib/snapshot/executorRow';
import type { ExecutorPodState } from '../../../lib/spark/podState';
import { EXECUTOR_POD_STATES } from '../../../lib/spark/podState';
import type { EventTick } from '../../../lib/timeline/eventTicks';
import { firstTickFrom } from '../../../lib/timeline/eventTicks';
import { isExitMarker, segmentEnd } from '../../../lib/timeline/segments';
import type { Tick, Viewport } from '../../../lib/timeline/viewport';
import { STATE_STYLES } from '../../state/stateStyles';
import { RectBatches } from './rectBatches';
import type { RowGeometry } from './segmentCache';
import type { RowMetrics } from './timelineLayout';
import { rowPitch, visibleRows } from './timelineLayout';
import type { StateOverlays } from './timelinePatterns';
import type { TimelineTheme } from './timelineTheme';

/** What the drawing functions use of a 2D context. */
export type TimelineContext = Pick<CanvasRenderingContext2D,
  | 'fillStyle' | 'strokeStyle' | 'globalAlpha' | 'lineWidth' | 'font' | 'textAlign' | 'textBaseline'
  | 'clearRect' | 'fillRect' | 'strokeRect' | 'fillText' | 'beginPath' | 'rect' | 'stroke' | 'clip'
  | 'save' | 'restore' | 'setLineDash'>;

/** Opacity of rows Spark no longer counts (inactive). */
export const DIM_ALPHA = 0.35;

const STATES = EXECUTOR_POD_STATES.length;
/** Buckets: a bar bucket per (state, dimmed), then markers (normal, dimmed), caps, and event ticks (halos, Normal, Warning: warnings on top). */
const MARKER = STATES * 2;
const CAP = MARKER + 2;
const TICK_HALO = CAP + 1;
const TICK_NORMAL = CAP + 2;
const TICK_WARNING = CAP + 3;
export const BUCKETS = TICK_WARNING + 1;

export function createRectBatches(): RectBatches {
  return new RectBatches(BUCKETS);
}

export interface RowsFrame {
  /** Canvas size in CSS px; the plot is [gutter, width). */
  width: number;
  height: number;
  gutter: number;
  metrics: RowMetrics;
  scrollTop: number;
  viewport: Viewport;
  now: number;
  rows: readonly (ExecutorRow | null)[];
  /** Row indices in display order; a position is an index into this. */
  order: readonly number[];
  geometry: (row: ExecutorRow) => RowGeometry;
  ticks: readonly Tick[];
  selectedPos: number;
  hoverPos: number;
  /** The keyboard-focused row, drawn only while the plot has focus (-1 otherwise). */
  focusPos: number;
  theme: TimelineTheme;
  overlays: StateOverlays | null;
  /** Spans of time nobody watched: veiled, so they read as a gap, not as activity. */
  gaps?: readonly (readonly [number, number])[];
  /** Each pod's Kubernetes events by uid, in time order: ticks on its row. */
  eventTicks?: ReadonlyMap<string, readonly EventTick[]> | null;
}

export interface DrawnRows {
  from: number;
  to: number;
  bars: number;
  /** Event ticks drawn. */
  ticks: number;
  /** The middle of one drawn tick (a warning's when any is drawn), in canvas px: where tests hover. */
  tickAt: readonly [number, number] | null;
}

function flushRects(ctx: TimelineContext, batches: RectBatches, bucket: number): void {
  const n = batches.count(bucket);
  const d = batches.data(bucket);
  for (let i = 0; i < n * 4; i += 4) ctx.fillRect(d[i], d[i + 1], d[i + 2], d[i + 3]);
}

function strokeRects(ctx: TimelineContext, batches: RectBatches, bucket: number): void {
  const n = batches.count(bucket);
  const d = batches.data(bucket);
  ctx.beginPath();
  for (let i = 0; i < n * 4; i += 4) ctx.rect(d[i] + 0.5, d[i + 1] + 0.5, Math.max(0, d[i + 2] - 1), d[i + 3] - 1);
  ctx.stroke();
}

function paintBars(ctx: TimelineContext, batches: RectBatches, theme: TimelineTheme, overlays: StateOverlays | null): number {
  let bars = 0;
  for (let c = 0; c < STATES; c++) {
    const state: ExecutorPodState = EXECUTOR_POD_STATES[c];
    const kind = STATE_STYLES[state].pattern;
    for (let dim = 0; dim < 2; dim++) {
      const bucket = c * 2 + dim;
      if (batches.count(bucket) === 0) continue;
      bars += batches.count(bucket);
      ctx.globalAlpha = dim ? DIM_ALPHA : 1;
      if (kind === 'hollow') {
        ctx.strokeStyle = theme.fill[state];
        ctx.lineWidth = 1;
        strokeRects(ctx, batches, bucket);
        continue;
      }
      ctx.fillStyle = theme.fill[state];
      flushRects(ctx, batches, bucket);
      const overlay = overlays?.[state];
      if (overlay) {
        ctx.fillStyle = overlay;
        flushRects(ctx, batches, bucket);
      }
    }
  }
  for (let dim = 0; dim < 2; dim++) {
    if (batches.count(MARKER + dim) === 0) continue;
    ctx.globalAlpha = dim ? DIM_ALPHA : 1;
    ctx.fillStyle = theme.fill.deleted;
    flushRects(ctx, batches, MARKER + dim);
  }
  ctx.globalAlpha = 1;
  if (batches.count(CAP) > 0) {
    ctx.fillStyle = theme.cap;
    flushRects(ctx, batches, CAP);
  }
  return bars;
}

/** Collects the bars of rows [from, to) into `batches`, clipped to the viewport. */
function collectBars(f: RowsFrame, from: number, to: number, batches: RectBatches): void {
  const { viewport: v, now, gutter, width, metrics } = f;
  const pitch = rowPitch(metrics);
  const scale = (width - gutter) / (v.end - v.start);
  const top = metrics.rowGap / 2 - f.scrollTop;
  const h = metrics.rowHeight;
  for (let pos = from; pos < to; pos++) {
    const row = f.rows[f.order[pos]];
    if (!row) continue;
    const dim = row.inactive ? 1 : 0;
    const y = top + pos * pitch;
    const segments = f.geometry(row).segments;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      const end = segmentEnd(seg, now);
      if (end < v.start || seg.start > v.end) continue;
      if (isExitMarker(seg)) {
        // A pod that left the API: a short terminal marker, visible at any zoom.
        batches.push(MARKER + dim, Math.round(gutter + (seg.start - v.start) * scale) - 1, y, 3, h);
        continue;
      }
      const xa = Math.round(gutter + (Math.max(seg.start, v.start) - v.start) * scale);
      const xb = Math.round(gutter + (Math.min(end, v.end) - v.start) * scale);
      batches.push(STATE_CODE[seg.state] * 2 + dim, xa, y, Math.max(1, xb - xa), h);
    }
    if (row.deleting && !row.gone && now >= v.start && now <= v.end) {
      batches.push(CAP, Math.round(gutter + (now - v.start) * scale) - 2, y - 1, 2, h + 2);
    }
  }
}

/**
 * Collects the event ticks of rows [from, to): a Warning is a full-height mark in the warning
 * colour, a Normal event a shorter, subdued one; each has a halo in the background colour so it
 * reads on any state's bar.
 */
function collectTicks(f: RowsFrame, from: number, to: number, batches: RectBatches): Pick<DrawnRows, 'ticks' | 'tickAt'> {
  const ticksOf = f.eventTicks;
  if (!ticksOf || ticksOf.size === 0) return { ticks: 0, tickAt: null };
  const { viewport: v, gutter, width, metrics } = f;
  const pitch = rowPitch(metrics);
  const scale = (width - gutter) / (v.end - v.start);
  const top = metrics.rowGap / 2 - f.scrollTop;
  const h = metrics.rowHeight;
  const inset = Math.max(2, Math.round(h / 4));
  let ticks = 0;
  let tickAt: readonly [number, number] | null = null;
  let warningAt: readonly [number, number] | null = null;
  for (let pos = from; pos < to; pos++) {
    const row = f.rows[f.order[pos]];
    const list = row ? ticksOf.get(row.uid) : undefined;
    if (!list) continue;
    const y = top + pos * pitch;
    // A tick is 2 px wide: one that starts a pixel before the plot still shows.
    for (let i = firstTickFrom(list, v.start - 2 / scale); i < list.length && list[i].t <= v.end; i++) {
      const tick = list[i];
      const x = Math.round(gutter + (tick.t - v.start) * scale);
      if (x < gutter || x > width) continue;
      if (tick.warning) {
        batches.push(TICK_HALO, x - 2, y, 4, h);
        batches.push(TICK_WARNING, x - 1, y, 2, h);
        warningAt ??= [x, y + h / 2];
      } else {
        batches.push(TICK_HALO, x - 2, y + inset - 1, 4, h - 2 * inset + 2);
        batches.push(TICK_NORMAL, x - 1, y + inset, 2, h - 2 * inset);
      }
      tickAt ??= [x, y + h / 2];
      ticks++;
    }
  }
  return { ticks, tickAt: warningAt ?? tickAt };
}

function paintTicks(ctx: TimelineContext, batches: RectBatches, theme: TimelineTheme): void {
  ctx.globalAlpha = 1;
  for (const [bucket, colour] of [[TICK_HALO, theme.eventHalo], [TICK_NORMAL, theme.eventNormal], [TICK_WARNING, theme.eventWarning]] as const) {
    if (batches.count(bucket) === 0) continue;
    ctx.fillStyle = colour;
    flushRects(ctx, batches, bucket);
  }
}

function outlineRow(ctx: TimelineContext, f: RowsFrame, pos: number, color: string, lineWidth: number, dash: number[]): void {
  const pitch = rowPitch(f.metrics);
  const y = pos * pitch - f.scrollTop;
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.setLineDash(dash);
  ctx.strokeRect(lineWidth / 2, y + lineWidth / 2, f.width - lineWidth, pitch - lineWidth);
  ctx.setLineDash([]);
}

/** Clears the whole canvas at full opacity and fills the label gutter on its left. */
function clearWithGutter(ctx: TimelineContext, width: number, height: number, gutter: number, theme: TimelineTheme): void {
  ctx.globalAlpha = 1;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = theme.gutter;
  ctx.fillRect(0, 0, gutter, height);
}

/** Paints rows [from, to) of the frame; returns which rows were drawn and how many bars. */
export function drawRows(ctx: TimelineContext, f: RowsFrame, batches: RectBatches): DrawnRows {
  const { width, height, gutter, viewport: v, theme } = f;
  const pitch = rowPitch(f.metrics);
  const [from, to] = visibleRows(f.scrollTop, height, pitch, f.order.length);
  const plot = width - gutter;
  clearWithGutter(ctx, width, height, gutter, theme);

  ctx.fillStyle = theme.grid;
  for (const tick of f.ticks) {
    const x = Math.round(gutter + ((tick.t - v.start) / (v.end - v.start)) * plot);
    if (x >= gutter && x < width) ctx.fillRect(x, 0, 1, height);
  }
  ctx.fillRect(gutter - 1, 0, 1, height);
  if (f.hoverPos >= from && f.hoverPos < to) {
    ctx.fillStyle = theme.hover;
    ctx.fillRect(0, f.hoverPos * pitch - f.scrollTop, width, pitch);
  }

  batches.reset();
  collectBars(f, from, to, batches);
  const drawnTicks = collectTicks(f, from, to, batches);
  const bars = paintBars(ctx, batches, theme, f.overlays);

  for (const [a, b] of f.gaps ?? []) {
    const x1 = Math.max(gutter, gutter + ((a - v.start) / (v.end - v.start)) * plot);
    const x2 = Math.min(width, gutter + ((b - v.start) / (v.end - v.start)) * plot);
    if (x2 <= x1) continue;
    ctx.fillStyle = theme.unobserved;
    ctx.fillRect(x1, 0, x2 - x1, height);
    ctx.fillStyle = theme.mutedText;
    ctx.fillRect(Math.round(x1), 0, 1, height);
    ctx.fillRect(Math.round(x2) - 1, 0, 1, height);
  }

  // Events are drawn over the veil of a gap: Kubernetes dated them even while nobody watched.
  paintTicks(ctx, batches, theme);

  if (f.selectedPos >= from && f.selectedPos < to) outlineRow(ctx, f, f.selectedPos, theme.selection, 2, []);
  if (f.focusPos >= from && f.focusPos < to) outlineRow(ctx, f, f.focusPos, theme.focus, 1, [3, 2]);

  const xNow = gutter + ((f.now - v.start) / (v.end - v.start)) * plot;
  if (xNow >= gutter && xNow <= width) {
    ctx.fillStyle = theme.now;
    ctx.fillRect(Math.min(Math.round(xNow), width - 1), 0, 1, height);
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, gutter - 4, height);
  ctx.clip();
  ctx.font = theme.font;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const mid = f.metrics.rowGap / 2 + f.metrics.rowHeight / 2 - f.scrollTop;
  for (let pos = from; pos < to; pos++) {
    const row = f.rows[f.order[pos]];
    if (!row) continue;
    ctx.fillStyle = row.inactive || row.gone ? theme.mutedText : theme.text;
    ctx.fillText(f.geometry(row).label, gutter - 6, mid + pos * pitch);
  }
  ctx.restore();
  return { from, to, bars, ...drawnTicks };
}

export interface AxisFrame {
  width: number;
  height: number;
  gutter: number;
  viewport: Viewport;
  now: number;
  ticks: readonly Tick[];
  theme: TimelineTheme;
}

/** Paints the time axis: tick marks and labels over the plot, the live edge labelled "now". */
export function drawAxis(ctx: TimelineContext, f: AxisFrame): void {
  const { width, height, gutter, viewport: v, theme } = f;
  const plot = width - gutter;
  clearWithGutter(ctx, width, height, gutter, theme);
  ctx.fillStyle = theme.grid;
  ctx.fillRect(0, height - 1, width, 1);
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  const xNow = gutter + ((f.now - v.start) / (v.end - v.start)) * plot;
  const nowVisible = xNow >= gutter && xNow <= width;
  for (const tick of f.ticks) {
    const x = Math.round(gutter + ((tick.t - v.start) / (v.end - v.start)) * plot);
    if (x < gutter || x >= width) continue;
    ctx.fillStyle = theme.mutedText;
    ctx.fillRect(x, height - 5, 1, 4);
    // Labels are at most "HH:MM:SS" (~50 px); keep them off the edges and off the "now" label.
    if (x - 26 < gutter || x + 26 > width || (nowVisible && Math.abs(x - xNow) < 40)) continue;
    ctx.fillStyle = theme.text;
    ctx.fillText(tick.label, x, height / 2 - 1);
  }
  if (nowVisible) {
    const x = Math.min(Math.round(xNow), width - 1);
    ctx.fillStyle = theme.now;
    ctx.fillRect(x, 0, 1, height);
    const right = x > width - 30;
    ctx.textAlign = right ? 'right' : 'left';
    ctx.fillText('now', right ? x - 3 : x + 3, height / 2 - 1);
  }
}
