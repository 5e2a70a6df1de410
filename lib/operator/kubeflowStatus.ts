// A Kubeflow SparkApplication and ScheduledSparkApplication (sparkoperator.k8s.io/v1beta2) read
// into the dashboard's vocabulary. Field names and state words are the operator's:
// api/v1beta2/sparkapplication_types.go (SparkApplicationStatus, ApplicationStateType,
// DriverInfo) and api/v1beta2/scheduledsparkapplication_types.go. Kubeflow keeps no state
// history: the dashboard builds one from what it sees (lib/operator/stateHistory.ts).

import type { OperatorApp, OperatorPhase, OperatorSchedule, ScheduledRun, ScheduledRunOutcome } from './operatorApp';
import { TERMINAL_OPERATOR_PHASES } from './operatorApp';
import { KUBEFLOW_GROUP, KUBEFLOW_SCHEDULED_APP_NAME_LABEL } from './operatorKinds';
import {
  booleanOf, fieldsOf, identityOf, integerOf, resourceRecord, pathOf, rawWordOf, stringListOf, stringMapOf, stringOf, timeOf,
} from './resourceFields';
import { kubeflowSpecSummary } from './specSummary';

const DEFAULT_API_VERSION = `${KUBEFLOW_GROUP}/v1beta2`;

/** ApplicationStateType → phase, one to one ('' is ApplicationStateNew). */
const KUBEFLOW_PHASES: ReadonlyMap<string, OperatorPhase> = new Map<string, OperatorPhase>([
  ['', 'new'],
  ['SUBMITTED', 'submitted'],
  ['RUNNING', 'running'],
  ['COMPLETED', 'completed'],
  ['FAILED', 'failed'],
  ['SUBMISSION_FAILED', 'submission-failed'],
  ['PENDING_RERUN', 'pending-rerun'],
  ['INVALIDATING', 'invalidating'],
  ['SUCCEEDING', 'succeeding'],
  ['FAILING', 'failing'],
  ['SUSPENDING', 'suspending'],
  ['SUSPENDED', 'suspended'],
  ['RESUMING', 'resuming'],
  ['UNKNOWN', 'unknown'],
]);

/** The phase of a Kubeflow state word; any word the operator does not define is 'unknown'. */
export function kubeflowPhaseOf(raw: string): OperatorPhase {
  return KUBEFLOW_PHASES.get(raw) ?? 'unknown';
}

/** A positive count (Go's omitempty drops a zero, so absent and 0 both mean none yet). */
function countOf(value: unknown): number | null {
  const n = typeof value === 'number' ? integerOf(value) : null;
  return n !== null && n > 0 ? n : null;
}

/**
 * A Kubeflow SparkApplication, or null when it has no metadata.name, namespace or uid. `now`,
 * when given, also rejects times beyond the tolerated clock skew.
 */
export function readKubeflowApp(obj: unknown, cluster: string, now?: number): OperatorApp | null {
  const id = identityOf(obj, now);
  if (id === null) return null;
  const status = fieldsOf(pathOf(obj, 'status')) ?? {};
  const appState = fieldsOf(status.applicationState);
  const rawState = rawWordOf(appState?.state);
  const driverInfo = fieldsOf(status.driverInfo) ?? {};
  const uiName = stringOf(driverInfo.webUIServiceName);
  const uiPort = typeof driverInfo.webUIPort === 'number' ? integerOf(driverInfo.webUIPort) : null;
  return {
    ...resourceRecord(cluster, id),
    operator: 'kubeflow',
    apiVersion: stringOf(pathOf(obj, 'apiVersion')) ?? DEFAULT_API_VERSION,
    createdAt: id.createdAt,
    // A state of the wrong type reads as its JSON, which is no state word: unknown.
    phase: kubeflowPhaseOf(rawState),
    rawState,
    errorMessage: stringOf(appState?.errorMessage),
    appId: stringOf(status.sparkApplicationId),
    driverPodName: stringOf(driverInfo.podName),
    // The JSON name is submissionID (SparkApplicationStatus.SubmissionID).
    submissionId: stringOf(status.submissionID),
    submissionAttempts: countOf(status.submissionAttempts),
    executionAttempts: countOf(status.executionAttempts),
    lastSubmissionAt: timeOf(status.lastSubmissionAttemptTime, now),
    terminatedAt: timeOf(status.terminationTime, now),
    executorStates: stringMapOf(status.executorState),
    uiService: uiName === null ? null : { name: uiName, port: uiPort !== null && uiPort > 0 ? uiPort : null },
    spec: kubeflowSpecSummary(pathOf(obj, 'spec')),
    scheduledBy: stringOf(id.labels[KUBEFLOW_SCHEDULED_APP_NAME_LABEL]),
    history: [],
  };
}

/** What a run of a schedule came to, from its phase. */
export function scheduledRunOutcome(phase: OperatorPhase): ScheduledRunOutcome {
  if (phase === 'completed') return 'succeeded';
  if (TERMINAL_OPERATOR_PHASES.includes(phase)) return 'failed';
  return phase === 'unknown' ? 'unknown' : 'running';
}

/**
 * A Kubeflow ScheduledSparkApplication, or null when it has no metadata.name, namespace or uid.
 * `apps` may be every SparkApplication known: its runs are those in its namespace and cluster
 * whose scheduled-app-name label names it (the label the controller stamps on each run it
 * creates), newest first; then the names its status keeps in pastSuccessfulRunNames and
 * pastFailedRunNames that are no longer live, in the status's order.
 */
export function readKubeflowSchedule(obj: unknown, cluster: string, apps: readonly OperatorApp[], now?: number): OperatorSchedule | null {
  const id = identityOf(obj, now);
  if (id === null) return null;
  const spec = fieldsOf(pathOf(obj, 'spec')) ?? {};
  const status = fieldsOf(pathOf(obj, 'status')) ?? {};

  const live = apps
    .filter((a) => a.operator === 'kubeflow' && a.cluster === cluster && a.namespace === id.namespace && a.scheduledBy === id.name)
    .sort(newestFirst);
  const runs: ScheduledRun[] = live.map((a) => ({
    name: a.name, outcome: scheduledRunOutcome(a.phase), phase: a.phase, appId: a.appId, createdAt: a.createdAt,
  }));
  const named = new Set(runs.map((r) => r.name));
  const addPast = (names: string[], outcome: ScheduledRunOutcome): void => {
    for (const name of names) {
      if (named.has(name)) continue;
      named.add(name);
      runs.push({ name, outcome, phase: null, appId: null, createdAt: null });
    }
  };
  addPast(stringListOf(status.pastSuccessfulRunNames), 'succeeded');
  addPast(stringListOf(status.pastFailedRunNames), 'failed');

  return {
    ...resourceRecord(cluster, id),
    schedule: stringOf(spec.schedule) ?? '',
    timeZone: stringOf(spec.timeZone),
    suspend: booleanOf(spec.suspend) === true,
    concurrencyPolicy: stringOf(spec.concurrencyPolicy),
    state: rawWordOf(status.scheduleState),
    reason: stringOf(status.reason),
    lastRun: timeOf(status.lastRun, now),
    // In the future by design (up to a whole period away), so only the early bound applies.
    nextRun: timeOf(status.nextRun),
    lastRunName: stringOf(status.lastRunName),
    runs,
    spec: kubeflowSpecSummary(spec.template),
  };
}

/**
 * Newest first by creation time; runs without one last. Ties fall to the name, descending:
 * the controller names runs `<schedule>-<creation time>`, so that is newest first too.
 */
function newestFirst(a: OperatorApp, b: OperatorApp): number {
  if (a.createdAt !== b.createdAt) {
    if (a.createdAt === null) return 1;
    if (b.createdAt === null) return -1;
    return b.createdAt - a.createdAt;
  }
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}
