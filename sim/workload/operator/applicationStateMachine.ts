// The Kubeflow operator's SparkApplication state machine as a pure function: given a resource,
// what its driver and executor pods look like now and the time, the next step: submit, write a
// new status, delete the run's resources and rerun, delete an expired application, or wait.
// Each branch follows internal/controller/sparkapplication/controller.go (reconcile<State>)
// and pkg/util/sparkapplication.go (ShouldRetry, TimeUntilNextRetryDue, Get*State); the I/O is
// the controller's (sparkOperator.ts).

import type { KubePod } from '../../../lib/kube/types';
import { SPARK_APP_ID_LABEL, SPARK_ROLE_LABEL } from '../../../lib/spark/labels';
import { DEFAULT_DRIVER_CONTAINER_NAME } from '../../../lib/spark/podState';
import { kubeTime } from '../podStatus';
import type { DriverState, ExecutorState, KubeflowSparkApplication, SparkApplicationStatus } from './kubeflowResources';

/** What the operator's caches show of one application's run. */
export interface ObservedRun {
  /** The pod named driverInfo.podName (or the derived name), null when there is none. */
  driver: KubePod | null;
  /** Pods labelled with the application's name, current submission id and spark-role=executor. */
  executors: KubePod[];
  /** Whether driverInfo.webUIServiceName still exists (null: not looked at). */
  uiServiceExists: boolean | null;
}

export type Step =
  | { kind: 'wait' }
  | { kind: 'submit' }
  | { kind: 'update'; status: SparkApplicationStatus }
  /** Delete the driver pod and UI service, then write `status` (PENDING_RERUN with the run's traces reset). */
  | { kind: 'rerun'; status: SparkApplicationStatus }
  /** Delete the driver pod and UI service, and look again later (resources left from an earlier attempt). */
  | { kind: 'deleteResources' }
  /** timeToLiveSeconds passed since termination: delete the SparkApplication. */
  | { kind: 'expire' };

/** The operator's default --driver-pod-creation-grace-period. */
export const DRIVER_POD_CREATION_GRACE_MS = 10_000;
/** What the defaulting webhook sets for a retry interval left out (SetSparkApplicationDefaults). */
const DEFAULT_RETRY_INTERVAL_S = 5;

const parseTime = (t: string | null | undefined): number | null => {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : null;
};

function terminatedState(pod: KubePod, container: string) {
  return pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.terminated ?? null;
}

/** util.GetDriverState: the pod phase, with the driver container's exit code deciding a Running pod. */
export function driverStateOf(pod: KubePod): DriverState {
  const t = terminatedState(pod, DEFAULT_DRIVER_CONTAINER_NAME);
  switch (pod.status?.phase) {
    case 'Pending': return 'PENDING';
    case 'Running': return t ? (t.exitCode === 0 ? 'COMPLETED' : 'FAILED') : 'RUNNING';
    case 'Succeeded': return 'COMPLETED';
    case 'Failed': return t?.exitCode === 0 ? 'COMPLETED' : 'FAILED';
    default: return 'UNKNOWN';
  }
}

/** util.GetExecutorState: the pod phase alone. */
export function executorStateOf(pod: KubePod): ExecutorState {
  switch (pod.status?.phase) {
    case 'Pending': return 'PENDING';
    case 'Running': return 'RUNNING';
    case 'Succeeded': return 'COMPLETED';
    case 'Failed': return 'FAILED';
    default: return 'UNKNOWN';
  }
}

const DRIVER_TO_APP = { PENDING: 'SUBMITTED', RUNNING: 'RUNNING', COMPLETED: 'SUCCEEDING', FAILED: 'FAILING', UNKNOWN: 'UNKNOWN' } as const;
const executorTerminated = (s: ExecutorState) => s === 'COMPLETED' || s === 'FAILED';

/** util.ShouldRetry. */
export function shouldRetry(app: KubeflowSparkApplication): boolean {
  const policy = app.spec.restartPolicy;
  const status = app.status ?? {};
  switch (status.applicationState?.state) {
    case 'SUCCEEDING':
      return policy?.type === 'Always';
    case 'FAILING':
      if (policy?.type === 'Always') return true;
      return policy?.type === 'OnFailure' && policy.onFailureRetries !== undefined && (status.executionAttempts ?? 0) <= policy.onFailureRetries;
    case 'SUBMISSION_FAILED':
      if (policy?.type === 'Always') return true;
      return policy?.type === 'OnFailure' && policy.onSubmissionFailureRetries !== undefined && (status.submissionAttempts ?? 0) <= policy.onSubmissionFailureRetries;
    default:
      return false;
  }
}

/** util.TimeUntilNextRetryDue: a linear backoff, interval × submission attempts since the last attempt. */
export function msUntilRetryDue(app: KubeflowSparkApplication, nowMs: number): number {
  const status = app.status ?? {};
  const policy = app.spec.restartPolicy;
  const intervalS = status.applicationState?.state === 'SUBMISSION_FAILED'
    ? policy?.onSubmissionFailureRetryInterval ?? DEFAULT_RETRY_INTERVAL_S
    : policy?.onFailureRetryInterval ?? DEFAULT_RETRY_INTERVAL_S;
  const last = parseTime(status.lastSubmissionAttemptTime);
  const attempts = status.submissionAttempts ?? 0;
  // Kubeflow answers an error here and requeues; retrying at once is the closest without one.
  if (last === null || attempts <= 0) return 0;
  return intervalS * 1000 * attempts - (nowMs - last);
}

/** updateDriverState + updateExecutorState: the status a Submitted, Running or Unknown application gets from its pods. */
function withRunObserved(status: SparkApplicationStatus, run: ObservedRun, nowMs: number): SparkApplicationStatus {
  const next = structuredClone(status);
  const state = next.applicationState?.state ?? '';
  const driver = run.driver;
  if (!driver) {
    const last = parseTime(next.lastSubmissionAttemptTime) ?? 0;
    // Inside the grace period Kubeflow returns an error and looks again; past it the run failed.
    if (state === 'SUBMITTED' && nowMs - last <= DRIVER_POD_CREATION_GRACE_MS) return status;
    next.applicationState = { state: 'FAILING', errorMessage: 'driver pod not found' };
    next.terminationTime = kubeTime(nowMs);
  } else {
    const appId = driver.metadata?.labels?.[SPARK_APP_ID_LABEL];
    if (appId) next.sparkApplicationId = appId;
    const driverState = driverStateOf(driver);
    let errorMessage = next.applicationState?.errorMessage;
    if (driverState === 'COMPLETED' || driverState === 'FAILED') {
      next.terminationTime ??= kubeTime(nowMs);
      if (driverState === 'FAILED') {
        const t = terminatedState(driver, DEFAULT_DRIVER_CONTAINER_NAME);
        if (!t) errorMessage = 'driver container status missing';
        else if (t.exitCode !== 0) errorMessage = `driver container failed with ExitCode: ${t.exitCode}, Reason: ${t.reason ?? ''}`;
      }
    }
    next.applicationState = { state: DRIVER_TO_APP[driverState], ...(errorMessage ? { errorMessage } : {}) };
  }
  return withExecutorsObserved(next, run);
}

/** updateExecutorState: pods seen set their state; a tracked executor no longer seen is UNKNOWN while the driver runs, else COMPLETED or FAILED by the application's state. */
function withExecutorsObserved(status: SparkApplicationStatus, run: ObservedRun): SparkApplicationStatus {
  const next = structuredClone(status);
  const seen: Record<string, ExecutorState> = {};
  let executorAppId = '';
  for (const pod of run.executors) {
    if (pod.metadata?.labels?.[SPARK_ROLE_LABEL] !== 'executor') continue;
    seen[pod.metadata.name ?? ''] = executorStateOf(pod);
    executorAppId ||= pod.metadata.labels[SPARK_APP_ID_LABEL] ?? '';
  }
  // The executors' application id wins over the driver's (SPARK-25922).
  if (executorAppId) next.sparkApplicationId = executorAppId;
  const states = { ...next.executorState, ...seen };
  const appState = next.applicationState?.state;
  for (const [name, old] of Object.entries(states)) {
    if (name in seen || executorTerminated(old)) continue;
    if (appState === 'RUNNING') states[name] = 'UNKNOWN';
    else states[name] = appState === 'COMPLETED' ? 'COMPLETED' : 'FAILED';
  }
  if (Object.keys(states).length > 0) next.executorState = states;
  return next;
}

/** resetSparkApplicationStatus for Succeeding/Failing, then PENDING_RERUN: the run's traces go, the counters stay. */
function pendingRerun(status: SparkApplicationStatus): SparkApplicationStatus {
  const { sparkApplicationId: _id, terminationTime: _t, driverInfo: _d, executorState: _e, ...kept } = status;
  return { ...kept, driverInfo: {}, applicationState: { state: 'PENDING_RERUN' } };
}

const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
const updateIfChanged = (before: SparkApplicationStatus, after: SparkApplicationStatus): Step => (changed(before, after) ? { kind: 'update', status: after } : { kind: 'wait' });

/** validateSparkResourceDeletion: neither the driver pod nor the UI service is left. */
const resourcesGone = (run: ObservedRun) => !run.driver && run.uiServiceExists !== true;

export function nextStep(app: KubeflowSparkApplication, run: ObservedRun, nowMs: number): Step {
  const status = app.status ?? {};
  const state = status.applicationState?.state ?? '';
  switch (state) {
    case '':
      return { kind: 'submit' };
    case 'SUBMITTED':
    case 'RUNNING':
    case 'UNKNOWN':
      return updateIfChanged(status, withRunObserved(status, run, nowMs));
    case 'SUBMISSION_FAILED': {
      if (!shouldRetry(app)) return { kind: 'update', status: { ...status, applicationState: { ...status.applicationState, state: 'FAILED' }, terminationTime: kubeTime(nowMs) } };
      if (msUntilRetryDue(app, nowMs) > 0) return { kind: 'wait' };
      return resourcesGone(run) ? { kind: 'submit' } : { kind: 'deleteResources' };
    }
    case 'PENDING_RERUN':
      // The resources were deleted on the way here; the new attempt waits until they are gone.
      return resourcesGone(run) ? { kind: 'submit' } : { kind: 'wait' };
    case 'SUCCEEDING':
      return shouldRetry(app) ? { kind: 'rerun', status: pendingRerun(status) } : { kind: 'update', status: { ...status, applicationState: { ...status.applicationState, state: 'COMPLETED' } } };
    case 'FAILING':
      if (!shouldRetry(app)) return { kind: 'update', status: { ...status, applicationState: { ...status.applicationState, state: 'FAILED' } } };
      return msUntilRetryDue(app, nowMs) > 0 ? { kind: 'wait' } : { kind: 'rerun', status: pendingRerun(status) };
    case 'COMPLETED':
    case 'FAILED': {
      const ttl = app.spec.timeToLiveSeconds;
      const ended = parseTime(status.terminationTime);
      if (ttl !== undefined && ended !== null && nowMs - ended > ttl * 1000) return { kind: 'expire' };
      return updateIfChanged(status, withExecutorsObserved(status, run));
    }
    default:
      // Invalidating, suspension and resumption follow spec changes the simulator never makes.
      return { kind: 'wait' };
  }
}

/** submitSparkApplication's bookkeeping, whatever spark-submit answered. */
export function submissionStatus(
  status: SparkApplicationStatus,
  attempt: { submissionId: string; driverPodName: string; nowMs: number },
  outcome: { ok: true; appId: string; uiServiceName: string; uiPort: number } | { ok: false; errorMessage: string },
): SparkApplicationStatus {
  const base: SparkApplicationStatus = {
    ...status,
    submissionID: attempt.submissionId,
    lastSubmissionAttemptTime: kubeTime(attempt.nowMs),
    submissionAttempts: (status.submissionAttempts ?? 0) + 1,
    driverInfo: { ...status.driverInfo, podName: attempt.driverPodName },
  };
  if (!outcome.ok) return { ...base, applicationState: { state: 'SUBMISSION_FAILED', errorMessage: outcome.errorMessage } };
  return {
    ...base,
    sparkApplicationId: outcome.appId,
    driverInfo: { ...base.driverInfo, webUIServiceName: outcome.uiServiceName, webUIPort: outcome.uiPort },
    applicationState: { state: 'SUBMITTED' },
    executionAttempts: (status.executionAttempts ?? 0) + 1,
  };
}
