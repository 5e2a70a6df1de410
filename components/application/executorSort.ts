// Sorting of the executors table, kept apart from rendering so it is cheap to reason about.

import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { STATE_CODE } from '../../lib/snapshot/executorRow';

export type ExecutorSortKey = 'id' | 'pod' | 'state' | 'node' | 'age' | 'restarts' | 'reason';

export function sortValue(r: ExecutorRow, key: ExecutorSortKey): string | number {
  switch (key) {
    case 'id': return r.executorId ?? Number.MAX_SAFE_INTEGER;
    case 'pod': return r.name;
    case 'state': return STATE_CODE[r.state];
    case 'node': return r.node ?? '\uffff';
    case 'age': return -(r.createdAt ?? 0);
    case 'restarts': return r.restarts;
    case 'reason': return r.reason ? `${r.reason} ${r.exitCode ?? ''}` : '\uffff';
  }
}

/** Sorts by `values` (each row's sort value by uid), then executor id, then uid. */
function sortByValues(rows: readonly ExecutorRow[], values: ReadonlyMap<string, string | number>, dir: 'asc' | 'desc'): ExecutorRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = values.get(a.uid)!, vb = values.get(b.uid)!;
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return (a.executorId ?? 0) - (b.executorId ?? 0) || (a.uid < b.uid ? -1 : 1);
  });
}

function valuesOf(rows: readonly ExecutorRow[], key: ExecutorSortKey): Map<string, string | number> {
  return new Map(rows.map((r) => [r.uid, sortValue(r, key)]));
}

export function sortExecutors(rows: readonly ExecutorRow[], key: ExecutorSortKey, dir: 'asc' | 'desc'): ExecutorRow[] {
  return sortByValues(rows, valuesOf(rows, key), dir);
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
  const values = valuesOf(rows, key);
  return { key, dir, rows: sortByValues(rows, values, dir), values };
}
