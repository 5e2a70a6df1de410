// Sorting of the executors table, kept apart from rendering so it is cheap to reason about.

import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { EXECUTOR_POD_STATES } from '../../lib/spark/podState';

export type ExecutorSortKey = 'id' | 'pod' | 'state' | 'node' | 'age' | 'restarts' | 'reason';

const STATE_ORDER = Object.fromEntries(EXECUTOR_POD_STATES.map((s, i) => [s, i])) as Record<string, number>;

function value(r: ExecutorRow, key: ExecutorSortKey): string | number {
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
    const va = value(a, key), vb = value(b, key);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return (a.executorId ?? 0) - (b.executorId ?? 0) || (a.uid < b.uid ? -1 : 1);
  });
}
