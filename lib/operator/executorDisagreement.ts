// Where the Kubeflow operator's executor map (status.executorState) and Spark's own reading of
// the executor pods (lib/spark/podState.ts) disagree. The operator decides from the pod phase
// alone (util.GetExecutorState: Pending, Running, Succeeded, Failed, else UNKNOWN), and for a
// pod that is gone it writes COMPLETED when the application completed, FAILED otherwise, and
// UNKNOWN while the driver still runs (updateExecutorState). So a pod Spark already counts as
// failed (its executor container exited, a sidecar keeps the pod Running) shows here, as does
// a map left stale after the application ended: the operator stops updating it then.

import type { ExecutorStateDisagreement } from '../apiTypes';
import type { ExecutorPodState } from '../spark/podState';
import type { OperatorPhase } from './operatorApp';
import { TERMINAL_OPERATOR_PHASES } from './operatorApp';

/** Kubeflow's ExecutorState words and the states of ours that agree with each. */
const AGREEING: ReadonlyMap<string, ReadonlySet<ExecutorPodState | null>> = new Map<string, ReadonlySet<ExecutorPodState | null>>([
  ['PENDING', new Set<ExecutorPodState | null>(['pending'])],
  ['RUNNING', new Set<ExecutorPodState | null>(['running'])],
  // A finished pod may be deleted, or gone from what the dashboard holds, afterwards.
  ['COMPLETED', new Set<ExecutorPodState | null>(['succeeded', 'deleted', 'terminating', null])],
  ['FAILED', new Set<ExecutorPodState | null>(['failed', 'deleted', 'terminating', null])],
  // The operator's word for a pod it can no longer find while the driver runs.
  ['UNKNOWN', new Set<ExecutorPodState | null>(['unknown', 'deleted', null])],
]);

/** Words that say the executor is still alive. */
const ALIVE = new Set(['PENDING', 'RUNNING']);

/**
 * Every executor whose state the operator and the dashboard see differently, by pod name.
 * `ours` maps pod name → the state the dashboard derives (absent or null: it knows no such pod).
 * When `appPhase` is final, an executor the operator still calls PENDING or RUNNING is a
 * disagreement whatever the pod shows: the application ended without the map catching up.
 * Executors only the dashboard knows are not listed: the operator stops tracking executors
 * past a configured count (MaxTrackedExecutorPerApp), so its silence says nothing.
 */
export function executorDisagreements(
  operatorStates: Readonly<Record<string, string>>,
  ours: ReadonlyMap<string, ExecutorPodState | null>,
  appPhase?: OperatorPhase,
): ExecutorStateDisagreement[] {
  const ended = appPhase !== undefined && TERMINAL_OPERATOR_PHASES.includes(appPhase);
  const out: ExecutorStateDisagreement[] = [];
  for (const pod of Object.keys(operatorStates).sort()) {
    const word = operatorStates[pod];
    if (typeof word !== 'string') continue;
    const state = ours.get(pod) ?? null;
    const agrees = AGREEING.get(word)?.has(state) ?? false;
    if (!agrees || (ended && ALIVE.has(word))) out.push({ pod, operator: word, ours: state });
  }
  return out;
}
