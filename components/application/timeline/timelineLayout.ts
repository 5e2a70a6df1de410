// Geometry of the executor timeline: row sizes per density, which rows a scroll position
// shows, and what lies under a point. Pure, so hit testing is tested without a browser.

import type { Segment } from '../../../lib/timeline/segments';
import { isExitMarker, segmentEnd } from '../../../lib/timeline/segments';

export type TimelineDensity = 'dense' | 'comfortable';

export interface RowMetrics {
  /** Height of a bar. */
  rowHeight: number;
  /** Space between bars. */
  rowGap: number;
}

export const ROW_METRICS: Readonly<Record<TimelineDensity, RowMetrics>> = {
  dense: { rowHeight: 14, rowGap: 2 },
  comfortable: { rowHeight: 20, rowGap: 4 },
};

/** Width of the label gutter on the left of the plot, in CSS px. */
export const GUTTER_WIDTH = 56;
export const AXIS_HEIGHT = 22;

export function rowPitch(m: RowMetrics): number {
  return m.rowHeight + m.rowGap;
}

/** Positions [from, to) of the rows a viewport of `viewHeight` px scrolled to `scrollTop` shows. */
export function visibleRows(scrollTop: number, viewHeight: number, pitch: number, count: number): [number, number] {
  if (count <= 0 || viewHeight <= 0) return [0, 0];
  const from = Math.min(count, Math.max(0, Math.floor(scrollTop / pitch)));
  const to = Math.min(count, Math.max(from, Math.ceil((scrollTop + viewHeight) / pitch)));
  return [from, to];
}

/** The row position under `y` (px from the top of the visible area), or -1 between or past rows. */
export function rowAtY(y: number, scrollTop: number, metrics: RowMetrics, count: number): number {
  const pitch = rowPitch(metrics);
  const offset = y + scrollTop;
  if (offset < 0) return -1;
  const pos = Math.floor(offset / pitch);
  if (pos >= count) return -1;
  // The gap is split above and below the bar; a point in it still belongs to the row.
  return pos;
}

/** The scrollTop that brings row `pos` fully into a view of `viewHeight` px, or the current one if it is. */
export function scrollToShow(pos: number, scrollTop: number, viewHeight: number, pitch: number): number {
  const top = pos * pitch;
  if (top < scrollTop) return top;
  if (top + pitch > scrollTop + viewHeight) return Math.max(0, top + pitch - viewHeight);
  return scrollTop;
}

/**
 * The segment under time `t`, or -1. Zero-length markers (a pod leaving the API) win within
 * `slackMs` either side, so they stay hoverable however far the view is zoomed out.
 */
export function segmentAt(segments: readonly Segment[], t: number, now: number, slackMs: number): number {
  let found = -1;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (isExitMarker(s)) {
      if (Math.abs(t - s.start) <= slackMs) return i;
      continue;
    }
    const end = segmentEnd(s, now);
    if (t >= s.start && t < end) found = i;
    else if (i === segments.length - 1 && t >= end && t - end <= slackMs) found = i;
  }
  return found;
}
