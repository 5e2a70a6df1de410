import { describe, expect, it } from 'vitest';
import type { ExecutorRow, Transition } from '../snapshot/executorRow';
import { STATE_CODE as C } from '../snapshot/executorRow';
import { orderRows, rowSegments, timelineExtent } from './segments';

let nextK = 0;
function row(over: Partial<ExecutorRow> & { tr?: Transition[] } = {}): ExecutorRow {
  const k = nextK++;
  return {
    k, uid: `uid-${k}`, name: `pod-${k}`, role: 'executor', executorId: k, badExecutorId: null,
    state: 'running', phase: 'Running', deleting: false, inactive: false, gone: false, node: 'node-1',
    restarts: 0, profileId: 0, createdAt: 1000, startedAt: 2000, finishedAt: null, deletedAt: null,
    reason: null, exitCode: null, anomaly: null, since: 2000,
    tr: [[C.pending, 1000], [C.running, 2000]],
    ...over,
  };
}

describe('rowSegments', () => {
  it('each transition lasts until the next, and the current state until now', () => {
    expect(rowSegments(row(), 5000)).toEqual([
      { state: 'pending', start: 1000, end: 2000, open: false },
      { state: 'running', start: 2000, end: 5000, open: true },
    ]);
  });

  it('a final state of a pod still present lasts until now', () => {
    const failed = row({ state: 'failed', tr: [[C.pending, 1000], [C.running, 2000], [C.failed, 3000]] });
    expect(rowSegments(failed, 9000).at(-1)).toEqual({ state: 'failed', start: 3000, end: 9000, open: true });
    const succeeded = row({ state: 'succeeded', tr: [[C.running, 2000], [C.succeeded, 4000]] });
    expect(rowSegments(succeeded, 9000).at(-1)).toEqual({ state: 'succeeded', start: 4000, end: 9000, open: true });
  });

  it('a pod that left the API ends with a zero-length deleted marker', () => {
    const gone = row({ state: 'deleted', gone: true, deletedAt: 4000, tr: [[C.pending, 1000], [C.running, 2000], [C.deleted, 4000]] });
    expect(rowSegments(gone, 9000)).toEqual([
      { state: 'pending', start: 1000, end: 2000, open: false },
      { state: 'running', start: 2000, end: 4000, open: false },
      { state: 'deleted', start: 4000, end: 4000, open: false },
    ]);
  });

  it('a deleted pod still in the API (deletion requested) stays open until now', () => {
    const deleting = row({ state: 'deleted', tr: [[C.pending, 1000], [C.deleted, 3000]] });
    expect(rowSegments(deleting, 9000).at(-1)).toEqual({ state: 'deleted', start: 3000, end: 9000, open: true });
  });

  it('a gone pod without a deleted transition closes when it left and gets the marker', () => {
    const gone = row({ state: 'failed', gone: true, deletedAt: 6000, tr: [[C.running, 2000], [C.failed, 3000]] });
    expect(rowSegments(gone, 9000).slice(-2)).toEqual([
      { state: 'failed', start: 3000, end: 6000, open: false },
      { state: 'deleted', start: 6000, end: 6000, open: false },
    ]);
  });

  it('a row without transitions shows its current state since `since`', () => {
    expect(rowSegments(row({ state: 'pending', since: 1500, tr: [] }), 2500)).toEqual([{ state: 'pending', start: 1500, end: 2500, open: true }]);
  });

  it('repeated states merge and times never go backwards', () => {
    const odd = row({ tr: [[C.pending, 1000], [C.pending, 1500], [C.running, 900]] });
    expect(rowSegments(odd, 3000)).toEqual([
      { state: 'pending', start: 1000, end: 1000, open: false },
      { state: 'running', start: 1000, end: 3000, open: true },
    ]);
  });

  it('a clock behind the last transition never yields a negative length', () => {
    expect(rowSegments(row(), 1500).at(-1)).toEqual({ state: 'running', start: 2000, end: 2000, open: true });
  });
});

describe('timelineExtent', () => {
  it('spans from the earliest first transition to now, skipping empty slots', () => {
    expect(timelineExtent([row({ tr: [[C.pending, 3000]] }), null, row({ tr: [[C.pending, 1200]] })], 10_000)).toEqual([1200, 10_000]);
  });

  it('an empty timeline spans the last minute', () => {
    expect(timelineExtent([], 100_000)).toEqual([40_000, 100_000]);
  });
});

describe('orderRows', () => {
  const driver = row({ role: 'driver', executorId: null, createdAt: 500, tr: [[C.running, 500]] });
  const e3 = row({ executorId: 3, state: 'failed', tr: [[C.pending, 1000]] });
  const e1 = row({ executorId: 1, state: 'running', tr: [[C.pending, 3000]] });
  const e2 = row({ executorId: 2, state: 'pending', tr: [[C.pending, 2000]] });
  const late = row({ executorId: null, tr: [[C.pending, 4000]] });
  const early = row({ executorId: null, tr: [[C.pending, 100]] });
  const rows = [e3, null, late, e1, driver, early, e2];

  it('by executor id: driver first, unregistered after registered, by creation', () => {
    expect(orderRows(rows, 'executorId').map((i) => rows[i])).toEqual([driver, e1, e2, e3, early, late]);
  });

  it('by creation', () => {
    expect(orderRows(rows, 'created').map((i) => rows[i])).toEqual([driver, e3, e2, e1, early, late]);
  });

  it('by state, in the state table order, then executor id', () => {
    expect(orderRows(rows, 'state').map((i) => rows[i])).toEqual([driver, e1, e2, e3, early, late]);
  });

  it('returns indices into the slot array, nulls skipped', () => {
    expect(orderRows([null, e1, null], 'executorId')).toEqual([1]);
  });

  it('sorts 10,000 rows quickly enough for a diff every 50 ms', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row({ executorId: (i * 7919) % 10_000, tr: [[C.pending, i]] }));
    const t0 = performance.now();
    const order = orderRows(many, 'executorId');
    const ms = performance.now() - t0;
    expect(order).toHaveLength(10_000);
    expect(many[order[0]].executorId).toBe(0);
    expect(ms).toBeLessThan(50); // generous: a loaded CI machine, not a benchmark
  });
});
