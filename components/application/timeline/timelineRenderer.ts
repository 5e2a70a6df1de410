// The timeline's drawing loop, outside React: it owns the two canvases, draws at most once per
// animation frame and only when asked (rows, events, scroll, hover, selection, size, theme or
// view changed), ticks at 10 fps while the view follows now, and answers "what is under this
// point" (a row, its state, the events near) from the frame it last drew. After each draw it
// writes data-* attributes for tests and benches.

import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import type { EventTick } from '../../../lib/timeline/eventTicks';
import { ticksNear } from '../../../lib/timeline/eventTicks';
import type { Segment } from '../../../lib/timeline/segments';
import type { Viewport } from '../../../lib/timeline/viewport';
import { niceTicks, xToTime } from '../../../lib/timeline/viewport';
import { SegmentCache } from './segmentCache';
import type { TimelineContext } from './timelineCanvas';
import { createRectBatches, drawAxis, drawRows } from './timelineCanvas';
import type { RowMetrics } from './timelineLayout';
import { AXIS_HEIGHT, GUTTER_WIDTH, ROW_METRICS, rowAtY, segmentAt, visibleRows, rowPitch } from './timelineLayout';
import type { StateOverlays, TileSurface } from './timelinePatterns';
import { buildStateOverlays } from './timelinePatterns';
import type { TimelineTheme } from './timelineTheme';
import { readTimelineTheme } from './timelineTheme';
import type { ViewMode } from './timelineViewport';
import { TimelineViewport } from './timelineViewport';

export interface TimelineScene {
  rows: readonly (ExecutorRow | null)[];
  order: readonly number[];
  /** Earliest start of any row (Infinity when there are none). */
  extentStart: number;
  selectedPos: number;
  hoverPos: number;
  /** -1 unless the plot has keyboard focus. */
  focusPos: number;
  scrollTop: number;
  /** Size of the visible body in CSS px. */
  width: number;
  height: number;
  metrics: RowMetrics;
  /** Spans of time nobody watched. */
  gaps: readonly (readonly [number, number])[];
  /** Each pod's event ticks by uid (null: none to draw). */
  eventTicks: ReadonlyMap<string, readonly EventTick[]> | null;
}

export interface TimelineHit {
  pos: number;
  row: ExecutorRow;
  segment: Segment | null;
  /** The events whose ticks are under the point, nearest first. */
  events: readonly EventTick[];
}

const NO_TICKS: readonly EventTick[] = [];

const LIVE_TICK_MS = 100;
/** Hover slack around zero-length markers and the live edge, in px. */
const HIT_SLACK_PX = 4;

function makeTile(px: number): TileSurface | null {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = px;
  const ctx = canvas.getContext('2d');
  return ctx ? { source: canvas, ctx } : null;
}

/** Sizes `canvas` for CSS size w × h at `dpr` and returns its context scaled to CSS px. */
function prepare(canvas: HTMLCanvasElement, w: number, h: number, dpr: number): CanvasRenderingContext2D | null {
  const pw = Math.max(1, Math.round(w * dpr));
  const ph = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== pw) canvas.width = pw;
  if (canvas.height !== ph) canvas.height = ph;
  const cssW = `${w}px`;
  const cssH = `${h}px`;
  if (canvas.style.width !== cssW) canvas.style.width = cssW;
  if (canvas.style.height !== cssH) canvas.style.height = cssH;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

export interface TimelineRendererOptions {
  root: HTMLElement;
  body: HTMLCanvasElement;
  axis: HTMLCanvasElement;
  now: () => number;
  onModeChange: (mode: ViewMode) => void;
}

export class TimelineRenderer {
  readonly viewport: TimelineViewport;
  readonly cache = new SegmentCache();
  readonly #opts: TimelineRendererOptions;
  readonly #batches = createRectBatches();
  readonly #geometry = (row: ExecutorRow) => this.cache.get(row);
  #scene: TimelineScene = {
    rows: [], order: [], extentStart: Infinity, selectedPos: -1, hoverPos: -1, focusPos: -1,
    scrollTop: 0, width: 0, height: 0, metrics: ROW_METRICS.dense, gaps: [], eventTicks: null,
  };
  #theme: TimelineTheme;
  #overlays: StateOverlays | null = null;
  #overlayDpr = 0;
  #lastView: Viewport | null = null;
  #frame = 0;
  #draws = 0;
  #ticks = 0;
  #timer: ReturnType<typeof setInterval>;
  #destroyed = false;

  constructor(opts: TimelineRendererOptions) {
    this.#opts = opts;
    this.viewport = new TimelineViewport(opts.onModeChange);
    this.#theme = readTimelineTheme(opts.root);
    this.#timer = setInterval(this.#tick, LIVE_TICK_MS);
  }

  update(patch: Partial<TimelineScene>): void {
    let changed = false;
    for (const key in patch) {
      const k = key as keyof TimelineScene;
      if (this.#scene[k] !== patch[k]) { changed = true; break; }
    }
    if (!changed) return;
    this.#scene = { ...this.#scene, ...patch };
    this.requestDraw();
  }

  setTheme(theme: TimelineTheme): void {
    this.#theme = theme;
    this.#overlays = null;
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.#frame !== 0 || this.#destroyed) return;
    this.#frame = requestAnimationFrame(this.#draw);
  }

  /** Rows fully or partly in view, as [from, to) positions. */
  visibleRange(): [number, number] {
    const s = this.#scene;
    return visibleRows(s.scrollTop, s.height, rowPitch(s.metrics), s.order.length);
  }

  zoomAtX(x: number, factor: number): void {
    const anchor = this.timeAtX(x);
    this.viewport.zoom(factor, anchor, this.#opts.now(), this.#scene.extentStart);
    this.requestDraw();
  }

  /** Zooms about the centre (or about now while live); below 1 zooms in. */
  zoomBy(factor: number): void {
    this.viewport.zoom(factor, null, this.#opts.now(), this.#scene.extentStart);
    this.requestDraw();
  }

  /** Pans by a fraction of the visible width (positive = later). */
  panFraction(fraction: number): void {
    this.panPx(fraction * Math.max(1, this.#scene.width - GUTTER_WIDTH));
  }

  /** Pans by `px` pixels of the plot (positive = later). */
  panPx(px: number): void {
    const v = this.#view();
    const plot = Math.max(1, this.#scene.width - GUTTER_WIDTH);
    this.viewport.panBy((px * (v.end - v.start)) / plot, this.#opts.now(), this.#scene.extentStart);
    this.requestDraw();
  }

  fit(): void {
    this.viewport.fit();
    this.requestDraw();
  }

  setLive(live: boolean): void {
    this.viewport.setLive(live, this.#opts.now(), this.#scene.extentStart);
    this.requestDraw();
  }

  /** The time under x (px from the left of the canvas), or null over the gutter. */
  timeAtX(x: number): number | null {
    if (x < GUTTER_WIDTH) return null;
    return xToTime(x - GUTTER_WIDTH, this.#view(), Math.max(1, this.#scene.width - GUTTER_WIDTH));
  }

  /** The row and state under a point of the body (px from its visible top-left). */
  hit(x: number, y: number): TimelineHit | null {
    const s = this.#scene;
    const pos = rowAtY(y, s.scrollTop, s.metrics, s.order.length);
    const row = pos >= 0 ? s.rows[s.order[pos]] : null;
    if (!row) return null;
    const segments = this.cache.get(row).segments;
    const t = this.timeAtX(x);
    if (t === null) return { pos, row, segment: segments[segments.length - 1] ?? null, events: NO_TICKS };
    const v = this.#view();
    const slack = (HIT_SLACK_PX * (v.end - v.start)) / Math.max(1, s.width - GUTTER_WIDTH);
    const i = segmentAt(segments, t, this.#opts.now(), slack);
    const ticks = s.eventTicks?.get(row.uid);
    return { pos, row, segment: i >= 0 ? segments[i] : null, events: ticks ? ticksNear(ticks, t, slack) : NO_TICKS };
  }

  destroy(): void {
    this.#destroyed = true;
    clearInterval(this.#timer);
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #view(): Viewport {
    return this.#lastView ?? this.viewport.at(this.#opts.now(), this.#scene.extentStart);
  }

  readonly #tick = (): void => {
    if (typeof document !== 'undefined' && document.hidden) return;
    if (this.#scene.order.length === 0) return;
    if (this.viewport.live) { this.requestDraw(); return; }
    // A still view that shows now: open bars still grow, once a second is enough.
    const v = this.#lastView;
    const now = this.#opts.now();
    if (v && now >= v.start && now <= v.end && ++this.#ticks % 10 === 0) this.requestDraw();
  };

  readonly #draw = (): void => {
    this.#frame = 0;
    if (this.#destroyed) return;
    const t0 = performance.now();
    const s = this.#scene;
    const { root, body, axis } = this.#opts;
    const dpr = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
    const now = this.#opts.now();
    const viewport = this.viewport.at(now, s.extentStart);
    this.#lastView = viewport;
    const plot = Math.max(1, s.width - GUTTER_WIDTH);
    const ticks = niceTicks(viewport.start, viewport.end, Math.max(2, Math.floor(plot / 90)));
    let from = 0;
    let to = 0;
    let ticksDrawn = 0;
    let tickAt: readonly [number, number] | null = null;
    const ctx = s.width > 0 && s.height > 0 ? prepare(body, s.width, s.height, dpr) : null;
    if (ctx) {
      if (!this.#overlays || this.#overlayDpr !== dpr) {
        this.#overlays = buildStateOverlays(makeTile, ctx, this.#theme.ink, dpr);
        this.#overlayDpr = dpr;
      }
      ({ from, to, ticks: ticksDrawn, tickAt } = drawRows(ctx as TimelineContext, {
        width: s.width, height: s.height, gutter: GUTTER_WIDTH, metrics: s.metrics, scrollTop: s.scrollTop,
        viewport, now, rows: s.rows, order: s.order, geometry: this.#geometry, ticks,
        selectedPos: s.selectedPos, hoverPos: s.hoverPos, focusPos: s.focusPos, theme: this.#theme, overlays: this.#overlays, gaps: s.gaps,
        eventTicks: s.eventTicks,
      }, this.#batches));
    }
    const axisCtx = s.width > 0 ? prepare(axis, s.width, AXIS_HEIGHT, dpr) : null;
    if (axisCtx) drawAxis(axisCtx, { width: s.width, height: AXIS_HEIGHT, gutter: GUTTER_WIDTH, viewport, now, ticks, theme: this.#theme });
    this.#draws++;
    root.setAttribute('data-rows', String(s.order.length));
    root.setAttribute('data-visible-from', String(from));
    root.setAttribute('data-visible-to', String(to));
    root.setAttribute('data-event-ticks', String(ticksDrawn));
    if (tickAt) root.setAttribute('data-tick-at', `${Math.round(tickAt[0])},${Math.round(tickAt[1])}`);
    else root.removeAttribute('data-tick-at');
    root.setAttribute('data-draws', String(this.#draws));
    root.setAttribute('data-last-draw-ms', (performance.now() - t0).toFixed(3));
  };
}
