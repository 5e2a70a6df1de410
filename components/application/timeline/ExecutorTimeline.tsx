'use client';

// The executor timeline of the application page: one row per pod (driver on top), coloured
// state bars over time, ticks for the Kubernetes events about each pod, the live edge,
// zoom/pan, hover summary (with the events under the cursor), click to select. React renders
// only the chrome; rows are drawn on one canvas the size of the view by TimelineRenderer, so
// 10,000 executors cost what the ~40 visible rows cost. The parent passes a new `rows` array
// whenever anything changed and keeps the identity of unchanged rows (the segment cache is
// keyed by row object).

import type { KeyboardEvent } from 'react';
import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ExecutorRow } from '../../../lib/snapshot/executorRow';
import type { EventTick } from '../../../lib/timeline/eventTicks';
import type { RowOrder, Segment } from '../../../lib/timeline/segments';
import { earliestStart, orderRows } from '../../../lib/timeline/segments';
import { STATE_STYLES } from '../../state/stateStyles';
import { TimelineLegend } from './TimelineLegend';
import { TimelineToolbar } from './TimelineToolbar';
import { TimelineTooltip } from './TimelineTooltip';
import { formatInstant, rowTitle } from './timelineFormat';
import type { TimelineDensity } from './timelineLayout';
import { AXIS_HEIGHT, ROW_METRICS, rowPitch, scrollToShow } from './timelineLayout';
import type { TimelineHit } from './timelineRenderer';
import { TimelineRenderer } from './timelineRenderer';
import { readTimelineTheme, watchTheme } from './timelineTheme';
import type { ViewMode } from './timelineViewport';
import { useTimelineInput } from './useTimelineInput';

export interface ExecutorTimelineProps {
  /** The scope's row slots (null = free slot). A new array whenever anything changed. */
  rows: readonly (ExecutorRow | null)[];
  /** The clock, corrected for server offset by the caller. */
  now: () => number;
  selectedUid?: string | null;
  onSelect?: (uid: string) => void;
  rowOrder?: RowOrder;
  /** Height of the plot (axis and rows) in px. */
  height?: number;
  density?: TimelineDensity;
  className?: string;
  /** Spans of time nobody watched (from the record): drawn veiled, as a gap. */
  gaps?: readonly (readonly [number, number])[];
  /** Each pod's Kubernetes events by uid, in time order, as ticks on its row (see lib/timeline/eventTicks). */
  events?: ReadonlyMap<string, readonly EventTick[]> | null;
}

interface Hover {
  pos: number;
  row: ExecutorRow;
  segment: Segment | null;
  events: readonly EventTick[];
}

const TOOLTIP_OFFSET = 14;
const NO_GAPS: readonly (readonly [number, number])[] = [];

function positionOf(rows: readonly (ExecutorRow | null)[], order: readonly number[], uid: string | null): number {
  if (uid === null) return -1;
  for (let pos = 0; pos < order.length; pos++) if (rows[order[pos]]?.uid === uid) return pos;
  return -1;
}

function sameTicks(a: readonly EventTick[], b: readonly EventTick[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** "3 events, the latest a warning: FailedScheduling", for the screen-reader announcement. */
function eventsSummary(ticks: readonly EventTick[] | undefined): string {
  if (!ticks?.length) return '';
  const events = new Set(ticks.map((t) => t.event)).size;
  const latest = ticks[ticks.length - 1];
  return ` ${events} event${events === 1 ? '' : 's'}, the latest ${latest.warning ? 'a warning' : 'normal'}: ${latest.event.reason}.`;
}

function isFocusVisible(el: HTMLElement): boolean {
  try {
    return el.matches(':focus-visible');
  } catch {
    return true;
  }
}

export function ExecutorTimeline({
  rows, now, selectedUid = null, onSelect, rowOrder = 'executorId', height = 420, density = 'dense', className, gaps = NO_GAPS, events = null,
}: ExecutorTimelineProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<HTMLCanvasElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<TimelineRenderer | null>(null);
  const nowRef = useRef(now);
  const onSelectRef = useRef(onSelect);
  useLayoutEffect(() => {
    nowRef.current = now;
    onSelectRef.current = onSelect;
  });
  const helpId = useId();

  const [mode, setMode] = useState<ViewMode>('fit');
  const [hover, setHover] = useState<Hover | null>(null);
  const [focusUid, setFocusUid] = useState<string | null>(null);
  const [focusShown, setFocusShown] = useState(false);

  const metrics = ROW_METRICS[density];
  const pitch = rowPitch(metrics);
  const order = useMemo(() => orderRows(rows, rowOrder), [rows, rowOrder]);
  const extentStart = useMemo(() => earliestStart(rows), [rows]);
  const selectedPos = useMemo(() => positionOf(rows, order, selectedUid), [rows, order, selectedUid]);
  const focusPos = useMemo(() => positionOf(rows, order, focusUid), [rows, order, focusUid]);
  const eventKinds = useMemo(() => {
    const all = [...(events?.values() ?? [])].flat();
    return { warning: all.some((t) => t.warning), normal: all.some((t) => !t.warning) };
  }, [events]);

  useLayoutEffect(() => {
    const root = rootRef.current, body = bodyRef.current, canvas = canvasRef.current, axis = axisRef.current;
    if (!root || !body || !canvas || !axis) return;
    const renderer = new TimelineRenderer({ root, body: canvas, axis, now: () => nowRef.current(), onModeChange: setMode });
    rendererRef.current = renderer;
    const resize = () => renderer.update({ width: body.clientWidth, height: body.clientHeight });
    resize();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
    observer?.observe(body);
    const unwatch = watchTheme(() => renderer.setTheme(readTimelineTheme(root)));
    return () => {
      observer?.disconnect();
      unwatch();
      renderer.destroy();
      rendererRef.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    rendererRef.current?.update({
      rows, order, extentStart, selectedPos, metrics,
      focusPos: focusShown ? focusPos : -1,
      hoverPos: hover?.pos ?? -1,
      gaps,
      eventTicks: events,
    });
  }, [rows, order, extentStart, selectedPos, metrics, focusShown, focusPos, hover, gaps, events]);

  const onHover = useCallback((hit: TimelineHit | null, x: number, y: number) => {
    const tip = tooltipRef.current;
    const body = bodyRef.current;
    if (hit && tip && body) {
      const w = tip.offsetWidth, h = tip.offsetHeight;
      const left = x + TOOLTIP_OFFSET + w > body.clientWidth ? Math.max(0, x - TOOLTIP_OFFSET - w) : x + TOOLTIP_OFFSET;
      const top = y + TOOLTIP_OFFSET + h > body.clientHeight ? Math.max(0, y - TOOLTIP_OFFSET - h) : y + TOOLTIP_OFFSET;
      tip.style.transform = `translate(${left}px, ${top + AXIS_HEIGHT}px)`;
    }
    setHover((prev) => {
      if (!hit) return null;
      if (prev && prev.pos === hit.pos && prev.row === hit.row && prev.segment === hit.segment && sameTicks(prev.events, hit.events)) return prev;
      return { pos: hit.pos, row: hit.row, segment: hit.segment, events: hit.events };
    });
  }, []);

  const select = useCallback((pos: number) => {
    const row = rows[order[pos]];
    if (!row) return;
    setFocusUid(row.uid);
    onSelectRef.current?.(row.uid);
  }, [rows, order]);

  useTimelineInput(rendererRef, bodyRef, axisRef, { onHover, onClickRow: select });

  const moveFocus = (pos: number) => {
    const body = bodyRef.current;
    if (order.length === 0 || !body) return;
    const clamped = Math.max(0, Math.min(order.length - 1, pos));
    const row = rows[order[clamped]];
    if (row) setFocusUid(row.uid);
    body.scrollTop = scrollToShow(clamped, body.scrollTop, body.clientHeight, pitch);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const renderer = rendererRef.current;
    if (!renderer || e.altKey || e.ctrlKey || e.metaKey) return;
    const [from, to] = renderer.visibleRange();
    const page = Math.max(1, to - from - 1);
    const at = focusPos >= 0 ? focusPos : from;
    const step = e.shiftKey ? 0.5 : 0.1;
    switch (e.key) {
      case 'ArrowLeft': renderer.panFraction(-step); break;
      case 'ArrowRight': renderer.panFraction(step); break;
      case '+': case '=': renderer.zoomBy(0.5); break;
      case '-': case '_': renderer.zoomBy(2); break;
      case 'ArrowUp': moveFocus(focusPos >= 0 ? at - 1 : at); break;
      case 'ArrowDown': moveFocus(focusPos >= 0 ? at + 1 : at); break;
      case 'PageUp': moveFocus(at - page); break;
      case 'PageDown': moveFocus(at + page); break;
      case 'Home': moveFocus(0); break;
      case 'End': moveFocus(order.length - 1); break;
      case 'Enter': case ' ': if (at >= 0 && at < order.length) select(at); break;
      default: return;
    }
    e.preventDefault();
    setFocusShown(true);
  };

  const onFocus = () => {
    const body = bodyRef.current;
    setFocusShown(body ? isFocusVisible(body) : true);
    if (focusPos < 0 && order.length > 0) {
      const [from] = rendererRef.current?.visibleRange() ?? [0];
      const row = rows[order[Math.min(from, order.length - 1)]];
      if (row) setFocusUid(row.uid);
    }
  };

  const focusedRow = focusPos >= 0 ? rows[order[focusPos]] : null;
  const announcement = focusedRow && focusShown
    ? `${rowTitle(focusedRow)}, ${STATE_STYLES[focusedRow.state].label} since ${formatInstant(focusedRow.since, now())}. Pod ${focusedRow.name}.${eventsSummary(events?.get(focusedRow.uid))}`
    : '';
  const live = mode !== 'free';
  const empty = order.length === 0;

  return (
    <div ref={rootRef} data-testid="executor-timeline" className={`flex flex-col gap-2 ${className ?? ''}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <TimelineLegend events={eventKinds} />
        <TimelineToolbar
          live={live}
          onZoomIn={() => rendererRef.current?.zoomBy(0.5)}
          onZoomOut={() => rendererRef.current?.zoomBy(2)}
          onFit={() => rendererRef.current?.fit()}
          onToggleLive={() => rendererRef.current?.setLive(!live)}
        />
      </div>
      <div
        className="relative flex flex-col overflow-hidden rounded border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-950"
        style={{ height }}
      >
        <canvas ref={axisRef} aria-hidden className="block shrink-0 cursor-ew-resize" style={{ height: AXIS_HEIGHT }} />
        <div
          ref={bodyRef}
          tabIndex={0}
          role="application"
          aria-roledescription="executor timeline"
          aria-label={`Executor timeline, ${order.length} pod${order.length === 1 ? '' : 's'}`}
          aria-describedby={helpId}
          className="relative min-h-0 flex-1 cursor-default select-none overflow-y-auto overflow-x-hidden"
          // The page's focus ring, drawn inside: the frame clips anything outside.
          style={{ touchAction: 'pan-y', outlineOffset: -2 }}
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          onBlur={() => setFocusShown(false)}
        >
          <div style={{ height: order.length * pitch }}>
            <canvas ref={canvasRef} aria-hidden className="sticky top-0 block" />
          </div>
        </div>
        {empty && (
          <div className="pointer-events-none absolute inset-x-0 bottom-0 flex items-center justify-center text-sm text-neutral-500 dark:text-neutral-400" style={{ top: AXIS_HEIGHT }}>
            No executors yet
          </div>
        )}
        <div
          ref={tooltipRef}
          role="tooltip"
          hidden={!hover}
          data-testid="timeline-tooltip"
          className="pointer-events-none absolute left-0 top-0 z-10 max-w-sm rounded border border-neutral-200 bg-white/95 p-2 text-xs text-neutral-800 shadow-md dark:border-neutral-700 dark:bg-neutral-900/95 dark:text-neutral-100"
        >
          {hover && <TimelineTooltip row={hover.row} segment={hover.segment} events={hover.events} now={now()} />}
        </div>
      </div>
      <p id={helpId} className="sr-only">
        Left and right arrows pan, plus and minus zoom, up and down arrows move between pods, Home and End go to the first and last pod, Enter selects. Double-click fits the whole history.
      </p>
      <div aria-live="polite" className="sr-only">{announcement}</div>
    </div>
  );
}
