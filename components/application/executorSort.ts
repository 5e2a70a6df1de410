// Sorting of the executors table, kept apart from rendering so it is cheap to reason about.

import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';

export type ExecutorSortKey = 'id' | 'pod' | 'state' | 'node' | 'age' | 'restarts' | 'reason';

const STATE_ORDER = Object.fromEntries(EXECUTOR_POD_STATES.map((s, i) => [s, i])) as Record<string, number>;

export function sortValue(r: ExecutorRow, key: ExecutorSortKey): string | number {
  switch (key) {
    case 'id': return r.executorId ?? Number.MAX_SAFE_INTEGER;
    case 'pod': return r.name;
    case 'state': return STATE_ORDER[r.state];
    case 'node': return r.node ?? '\uffff';
    case 'age': return -(r.createdAt ?? 0);
    case 'restarts': return r.restarts;
    case 'reason': return r.reason ? `${r.reason} ${r.exitCode ?? ''}` : '\uffff';
  }
}

export function sortExecutors(rows: readonly ExecutorRow[], key: ExecutorSortKey, dir: 'asc' | 'desc'): ExecutorRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key), vb = sortValue(b, key);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return (a.executorId ?? 0) - (b.executorId ?? 0) || (a.uid < b.uid ? -1 : 1);
  });
}

export interface SortedExecutors {
  key: ExecutorSortKey;
  dir: 'asc' | 'desc';
  rows: ExecutorRow[];
  values: Map<string, string | number>;
}

/**
 * Sorts, reusing the previous order when no row was added or removed and no sort value moved:
 * the common case of a live diff (a state change under an id sort), O(n) instead of O(n log n).
 */
export function sortExecutorsIncrementally(rows: readonly ExecutorRow[], key: ExecutorSortKey, dir: 'asc' | 'desc', prev: SortedExecutors | null): SortedExecutors {
  if (prev && prev.key === key && prev.dir === dir && prev.rows.length === rows.length) {
    const byUid = new Map<string, ExecutorRow>();
    let same = true;
    for (const r of rows) {
      byUid.set(r.uid, r);
      if (same && prev.values.get(r.uid) !== sortValue(r, key)) same = false;
    }
    if (same) return { key, dir, rows: prev.rows.map((r) => byUid.get(r.uid)!), values: prev.values };
  }
  const sorted = sortExecutors(rows, key, dir);
  return { key, dir, rows: sorted, values: new Map(sorted.map((r) => [r.uid, sortValue(r, key)])) };
}
