// ExecutorRow fixtures for the timeline's tests, with fixed times.

import type { ExecutorRow, Transition } from '../../../../lib/snapshot/executorRow';
import { STATE_CODE } from '../../../../lib/snapshot/executorRow';

export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

export function timelineRow(k: number, over: Partial<ExecutorRow> & { tr?: Transition[] } = {}): ExecutorRow {
  return {
    k, uid: `uid-${k}`, name: `app-exec-${k}`, role: 'executor', executorId: k, badExecutorId: null,
    state: 'running', phase: 'Running', deleting: false, inactive: false, gone: false, node: 'node-a',
    restarts: 0, profileId: 0, createdAt: T0, startedAt: T0 + 1000, finishedAt: null, deletedAt: null,
    reason: null, exitCode: null, anomaly: null, since: T0 + 1000,
    tr: [[STATE_CODE.pending, T0], [STATE_CODE.running, T0 + 1000]],
    ...over,
  };
}
