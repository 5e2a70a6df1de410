import { describe, expect, it } from 'vitest';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { sortExecutors, sortExecutorsIncrementally } from './executorSort';

const row = (id: number, patch: Partial<ExecutorRow> = {}): ExecutorRow => ({
  k: id, uid: `u${id}`, name: `p-exec-${id}`, role: 'executor', executorId: id, badExecutorId: null, state: 'running', phase: 'Running',
  deleting: false, inactive: false, gone: false, node: `n${id % 3}`, restarts: 0, profileId: 0, createdAt: 1000 + id, startedAt: null,
  finishedAt: null, deletedAt: null, reason: null, exitCode: null, anomaly: null, since: 0, tr: [], ...patch,
});

describe('sortExecutorsIncrementally', () => {
  it('keeps the order and swaps in the new row objects when no sort value changed', () => {
    const rows = [row(3), row(1), row(2)];
    const first = sortExecutorsIncrementally(rows, 'id', 'asc', null);
    expect(first.rows.map((r) => r.executorId)).toEqual([1, 2, 3]);
    const changed = [row(3), row(1, { state: 'failed' }), row(2)];
    const second = sortExecutorsIncrementally(changed, 'id', 'asc', first);
    expect(second.rows.map((r) => r.executorId)).toEqual([1, 2, 3]);
    expect(second.rows[0]).toBe(changed[1]);
  });

  it('re-sorts when a sort value changed, or rows came or went, exactly like a full sort', () => {
    const rows = [row(1), row(2), row(3)];
    const first = sortExecutorsIncrementally(rows, 'state', 'asc', null);
    const changed = [row(1), row(2, { state: 'failed' }), row(3)];
    expect(sortExecutorsIncrementally(changed, 'state', 'asc', first).rows).toEqual(sortExecutors(changed, 'state', 'asc'));
    const grown = [...rows, row(0)];
    expect(sortExecutorsIncrementally(grown, 'id', 'asc', sortExecutorsIncrementally(rows, 'id', 'asc', null)).rows.map((r) => r.executorId)).toEqual([0, 1, 2, 3]);
  });
});
