// Transitions → drawable segments for the executor timeline, and the row order it shows.
// Pure: time comes in as `now`, rows are the snapshot's ExecutorRow objects untouched.
// An `open` segment is the pod's current state; its end is `now` and grows with it, so a
// caller that caches segments by row identity redraws open ends at the current time.

import type { ExecutorRow } from '../snapshot/executorRow';
import { STATE_CODE, stateOfCode } from '../snapshot/executorRow';
import type { ExecutorPodState } from '../spark/podState';

export interface Segment {
  state: ExecutorPodState;
  start: number;
  end: number;
  /** The current state of a pod still present: it lasts until now. */
  open: boolean;
}

export type RowOrder = 'executorId' | 'created' | 'state';

/** A segment's end at time `now`: open segments grow with the clock. */
export function segmentEnd(seg: Segment, now: number): number {
  return seg.open ? Math.max(seg.start, now) : seg.end;
}

/** The zero-length marker of a pod leaving the API (a closed segment with `end === start`). */
export function isExitMarker(seg: Segment): boolean {
  return !seg.open && seg.end === seg.start;
}

/** Where a row's history begins: its first transition, else its creation, else its current state's start. */
export function rowStart(row: ExecutorRow): number {
  return row.tr.length > 0 ? row.tr[0][1] : row.createdAt ?? row.since;
}

/**
 * The row's states over time. Each transition lasts until the next; the last lasts until
 * `now` while the pod is present (final states included). A pod that left the API ends
 * there: its 'deleted' transition becomes a zero-length marker (`end === start`).
 */
export function rowSegments(row: ExecutorRow, now: number): Segment[] {
  const tr = row.tr.length > 0 ? row.tr : [[STATE_CODE[row.state], row.since] as const];
  const out: Segment[] = [];
  for (let i = 0; i < tr.length; i++) {
    const state = stateOfCode(tr[i][0]);
    const prev = out[out.length - 1];
    // Times never go backwards on screen, even if a transition list says they do.
    const start = prev ? Math.max(tr[i][1], prev.start) : tr[i][1];
    if (prev && prev.state === state) continue; // a repeated state continues the previous segment
    if (prev) prev.end = start;
    out.push({ state, start, end: start, open: false });
  }
  const last = out[out.length - 1];
  if (!row.gone) {
    last.end = Math.max(last.start, now);
    last.open = true;
  } else if (last.state !== 'deleted') {
    // Gone without a recorded deletion: close the state when the pod left and mark the exit.
    const at = Math.max(last.start, row.deletedAt ?? last.start);
    last.end = at;
    out.push({ state: 'deleted', start: at, end: at, open: false });
  }
  return out;
}

/** The earliest start of any row, or Infinity when there is none. */
export function earliestStart(rows: readonly (ExecutorRow | null)[]): number {
  let earliest = Infinity;
  for (const row of rows) {
    if (!row) continue;
    const s = rowStart(row);
    if (s < earliest) earliest = s;
  }
  return earliest;
}

/** [earliest start of any row, now]; an empty timeline spans the last minute. */
export function timelineExtent(rows: readonly (ExecutorRow | null)[], now: number): [number, number] {
  const earliest = earliestStart(rows);
  if (earliest === Infinity) return [now - 60_000, now];
  return [Math.min(earliest, now), now];
}

/** Groups, top to bottom: drivers, registered executors, unregistered executors, other pods. */
function groupOf(row: ExecutorRow): number {
  if (row.role === 'driver') return 0;
  if (row.role !== 'executor') return 3;
  return row.executorId === null ? 2 : 1;
}

/**
 * Row indices (into `rows`, nulls skipped) in display order: drivers first, then registered
 * executors by `order`, then unregistered executors by creation, then any other pod.
 * Ties fall back to creation time, then to the slot index, so the order is total and stable.
 */
export function orderRows(rows: readonly (ExecutorRow | null)[], order: RowOrder): number[] {
  const n = rows.length;
  // Sort keys are computed once into typed arrays; the comparator only reads numbers.
  const group = new Uint8Array(n);
  const primary = new Float64Array(n);
  const secondary = new Float64Array(n);
  const created = new Float64Array(n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!row) continue;
    out.push(i);
    const g = groupOf(row);
    group[i] = g;
    created[i] = rowStart(row);
    if (g !== 1) {
      primary[i] = created[i];
    } else if (order === 'created') {
      primary[i] = created[i];
      secondary[i] = row.executorId as number;
    } else if (order === 'state') {
      primary[i] = STATE_CODE[row.state];
      secondary[i] = row.executorId as number;
    } else {
      primary[i] = row.executorId as number;
    }
  }
  out.sort((a, b) => group[a] - group[b] || primary[a] - primary[b] || secondary[a] - secondary[b] || created[a] - created[b] || a - b);
  return out;
}
