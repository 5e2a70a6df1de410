// A pod's state exactly as Spark's driver decides it (ExecutorPodsSnapshot.toState, Spark 4),
// with the branch that decided, so the UI can say why. Options are passed in, never global.
// Where Spark would throw on a malformed pod, the state is 'unknown' and `anomaly` explains;
// every other input gets the state Spark gives it, quirks included.

import type { KubeContainerStatus, KubePod, KubePodStatus } from '../kube/types';

export type ExecutorPodState = 'running' | 'pending' | 'succeeded' | 'failed' | 'deleted' | 'terminating' | 'unknown';

/** Display order; also the wire order of state codes (lib/snapshot/executorRow). */
export const EXECUTOR_POD_STATES: readonly ExecutorPodState[] = Object.freeze([
  'running', 'pending', 'succeeded', 'failed', 'deleted', 'terminating', 'unknown',
] as const);

/** Spark's `FinalPodState` subtypes. Only deleted, failed and succeeded are acted on by Spark. */
export type FinalExecutorPodState = 'succeeded' | 'failed' | 'deleted' | 'terminating';

export function isFinalPodState(state: ExecutorPodState): state is FinalExecutorPodState {
  return state === 'succeeded' || state === 'failed' || state === 'deleted' || state === 'terminating';
}

export const DEFAULT_EXECUTOR_CONTAINER_NAME = 'spark-kubernetes-executor';
export const DEFAULT_DRIVER_CONTAINER_NAME = 'spark-kubernetes-driver';

export interface PodStateOptions {
  /** spark.kubernetes.executor.checkAllContainers: true since Spark 4.0, false in 3.1-3.5. */
  checkAllContainers: boolean;
  /** spark.kubernetes.executor.podTemplateContainerName, else the default container name. */
  sparkContainerName: string;
}

export const DEFAULT_POD_STATE_OPTIONS: Readonly<PodStateOptions> = Object.freeze({
  checkAllContainers: true,
  sparkContainerName: DEFAULT_EXECUTOR_CONTAINER_NAME,
});

/** The branch of `toState` that decided. */
export type PodStateRule =
  | 'deleted'
  | 'phase-pending'
  | 'all-containers-nonzero-exit'
  | 'spark-container-exit-zero'
  | 'spark-container-exit-nonzero'
  | 'spark-container-not-terminated'
  | 'spark-container-missing'
  | 'phase-failed'
  | 'phase-succeeded'
  | 'phase-terminating'
  | 'unknown-phase'
  | 'spark-would-throw';

export interface PodStateDecision {
  state: ExecutorPodState;
  rule: PodStateRule;
  /** metadata.deletionTimestamp is set, whatever the state (a pod can be running while deleted). */
  beingDeleted: boolean;
  /** Something malformed in the pod, in plain words, and what Spark does with it. */
  anomaly?: string;
}

const THROWS = 'Spark would throw a NullPointerException here, so the pod gets no state in Spark: '
  + 'from a watch event the exception escapes into the watcher, and in a poll the whole snapshot '
  + 'replacement is lost.';

function decided(state: ExecutorPodState, rule: PodStateRule, beingDeleted: boolean, anomaly?: string): PodStateDecision {
  return anomaly === undefined ? { state, rule, beingDeleted } : { state, rule, beingDeleted, anomaly };
}

function wouldThrow(beingDeleted: boolean, problem: string): PodStateDecision {
  return decided('unknown', 'spark-would-throw', beingDeleted, `${problem} ${THROWS}`);
}

function statusesOf(status: KubePodStatus): readonly (KubeContainerStatus | null | undefined)[] {
  // fabric8 gives an absent list as empty; init and ephemeral containers are never consulted.
  return Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
}

function describeName(status: KubeContainerStatus): string {
  return typeof status.name === 'string' ? `"${status.name}"` : 'without a name';
}

/** Decides a pod's state as Spark's `toState` does. */
export function sparkPodState(pod: KubePod, options: PodStateOptions): PodStateDecision {
  const meta = pod.metadata;
  if (meta == null) return wouldThrow(false, 'The pod has no metadata, so Spark cannot read its deletionTimestamp.');
  const beingDeleted = meta.deletionTimestamp != null;
  const status = pod.status;
  const rawPhase = status?.phase;
  // Locale.ROOT lower-casing: JavaScript's toLowerCase never uses a locale ("I" → "i", even in Turkey).
  const phase = rawPhase == null ? null : String(rawPhase).toLowerCase();

  // isDeleted: only the timestamp's presence counts, never its value.
  if (beingDeleted && (status == null || phase === null || (phase !== 'terminating' && phase !== 'running'))) {
    return decided('deleted', 'deleted', true);
  }
  if (status == null) return wouldThrow(beingDeleted, 'The pod has no status and no deletionTimestamp.');
  if (phase === null) return wouldThrow(beingDeleted, 'The pod status has no phase and the pod has no deletionTimestamp.');

  switch (phase) {
    case 'pending': return decided('pending', 'phase-pending', beingDeleted);
    case 'running': return runningPodState(pod, status, options, beingDeleted);
    case 'failed': return decided('failed', 'phase-failed', beingDeleted);
    case 'succeeded': return decided('succeeded', 'phase-succeeded', beingDeleted);
    // Not a phase a real API server sends; kubectl's "Terminating" is derived from deletionTimestamp.
    case 'terminating': return decided('terminating', 'phase-terminating', beingDeleted);
    default: return decided('unknown', 'unknown-phase', beingDeleted);
  }
}

function runningPodState(pod: KubePod, status: KubePodStatus, options: PodStateOptions, beingDeleted: boolean): PodStateDecision {
  const statuses = statusesOf(status);
  if (options.checkAllContainers) {
    if (pod.spec == null) return wouldThrow(beingDeleted, 'The running pod has no spec, so Spark cannot read its restartPolicy.');
    // Case-sensitive: "never", "Always" or no policy all switch the check off.
    if (pod.spec.restartPolicy === 'Never') {
      // Java's stream.anyMatch: in order, stopping at the first match, so a broken entry after
      // a failed container is never reached.
      for (const cs of statuses) {
        if (cs == null || typeof cs !== 'object') return wouldThrow(beingDeleted, 'A container status entry is null.');
        if (cs.state == null) {
          return wouldThrow(beingDeleted, `Container status ${describeName(cs)} has no state; with checkAllContainers on and restartPolicy Never, Spark reads state.terminated of every container status.`);
        }
        const terminated = cs.state.terminated;
        // fabric8's exitCode is a java.lang.Integer; Scala's `null != 0` is true, so a missing code counts as a failure.
        if (terminated != null && terminated.exitCode !== 0) {
          const anomaly = terminated.exitCode == null
            ? `Container ${describeName(cs)} is terminated but reports no exit code; Spark's all-containers check counts a missing exit code as non-zero and marks the executor failed.`
            : undefined;
          return decided('failed', 'all-containers-nonzero-exit', beingDeleted, anomaly);
        }
      }
    }
  }
  for (const cs of statuses) {
    if (cs == null || typeof cs !== 'object') return wouldThrow(beingDeleted, 'A container status entry is null.');
    if (cs.name !== options.sparkContainerName) continue;
    // Spark's Option chain: no state, not terminated, or no exit code all mean "still running".
    const terminated = cs.state?.terminated;
    const exitCode = terminated?.exitCode;
    if (exitCode == null) {
      const anomaly = terminated != null
        ? `The Spark container "${options.sparkContainerName}" is terminated but reports no exit code; Spark ignores such a state and keeps the executor running.`
        : undefined;
      return decided('running', 'spark-container-not-terminated', beingDeleted, anomaly);
    }
    return exitCode === 0
      ? decided('succeeded', 'spark-container-exit-zero', beingDeleted)
      : decided('failed', 'spark-container-exit-nonzero', beingDeleted);
  }
  return decided('running', 'spark-container-missing', beingDeleted);
}
