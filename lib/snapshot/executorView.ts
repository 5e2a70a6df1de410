// The executor view of the JSON API: a row in readable form (state names, ISO times are left
// to clients) plus, for executors that ended, the exit reason in words and, to the character,
// the message Spark's driver logs for the loss of that executor, so a user can grep for it.

import type { KubePod } from '../kube/types';
import type { ExitReason } from '../spark/exitReason';
import { executorLossMessage, exitReasonInWords } from '../spark/exitReason';
import type { ExecutorPodState } from '../spark/podState';
import type { ExecutorRow } from './executorRow';
import { stateOfCode } from './executorRow';

export interface TransitionView {
  state: ExecutorPodState;
  at: number;
}

export interface ExecutorView extends Omit<ExecutorRow, 'tr' | 'k'> {
  cluster: string;
  namespace: string;
  appId: string;
  transitions: TransitionView[];
  exitReason: ExitReason | null;
  /** What Spark's driver logs when it removes this executor; null while it is alive. */
  sparkLossMessage: string | null;
}

/** What of a view is computed from the pod's last object: kept with the record once the object is gone. */
export type ExitText = Pick<ExecutorView, 'exitReason' | 'sparkLossMessage'>;

export function transitionsOf(row: Pick<ExecutorRow, 'tr'>): TransitionView[] {
  return row.tr.map(([code, at]) => ({ state: stateOfCode(code), at }));
}

export function executorView(
  row: Omit<ExecutorRow, 'k'>,
  context: { cluster: string; namespace: string; appId: string; finalPod: KubePod | null; sparkContainerName: string },
): ExecutorView {
  const { tr: _tr, ...fields } = row as ExecutorRow;
  delete (fields as Partial<ExecutorRow>).k;
  const pod = context.finalPod;
  const ended = row.state === 'failed' || row.state === 'succeeded' || row.state === 'deleted';
  return {
    ...fields,
    cluster: context.cluster,
    namespace: context.namespace,
    appId: context.appId,
    transitions: transitionsOf(row),
    exitReason: pod && ended ? exitReasonInWords(pod, row.state, context.sparkContainerName) ?? null : null,
    sparkLossMessage: pod && ended && row.executorId !== null && row.role === 'executor'
      ? executorLossMessage(pod, row.executorId, row.state, context.sparkContainerName) ?? null
      : null,
  };
}
