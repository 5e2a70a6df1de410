// An Apache Spark Kubernetes operator SparkApplication (spark.apache.org) read into the
// dashboard's vocabulary. Sources, in spark-operator-api: status/ApplicationStateSummary.java
// (the state words), status/ApplicationStatus.java and BaseStatus.java (currentState,
// stateTransitionHistory keyed by a Long, previous/currentAttemptSummary),
// status/ApplicationAttemptInfo.java (attemptInfo.id, from 0); in spark-submission-worker,
// SparkAppSubmissionWorker.generateSparkAppId (the Spark application id).
//
// The states map by meaning onto Kubeflow's lifecycle, where SUBMITTED means the driver pod
// exists but is not running yet, SUCCEEDING / FAILING mean the driver ended and the operator
// still decides whether to rerun, and COMPLETED / FAILED are final:
// - Submitted (accepted, nothing requested yet) and DriverRequested (driver pod requested,
//   not running) → submitted.
// - ScheduledToRestart → pending-rerun: the first state of the next attempt.
// - DriverStarted, DriverReady, InitializedBelowThresholdExecutors, RunningHealthy,
//   RunningWithPartialCapacity, RunningWithBelowThresholdExecutors → running; the raw word
//   keeps the nuance.
// - Succeeded → succeeding, and Failed, DriverStartTimedOut, ExecutorsStartTimedOut,
//   DriverReadyTimedOut, DriverEvicted → failing: Apache calls these "stopping"
//   (isStopping): the operator next releases resources and either restarts (ScheduledToRestart)
//   or terminates, so they are not final, as TERMINAL_OPERATOR_PHASES requires of completed
//   and failed.
// - SchedulingFailure (the operator could not create the driver's resources): before any
//   driver state of its attempt → submission-failed; after one → failing.
// - ResourceReleased, TerminatedWithoutReleaseResources (the final states, isTerminated): the
//   final form of the state that ended the attempt: completed after Succeeded, failed after a
//   failure, submission-failed after a submission failure, failed when released from any
//   other state (shut down before finishing), unknown when the history does not say.
// Words the enum does not define are 'unknown', raw word kept.

import type { OperatorApp, OperatorPhase, OperatorStateEntry } from './operatorApp';
import { APACHE_GROUP } from './operatorKinds';
import type { Fields } from './resourceFields';
import { fieldsOf, identityOf, integerOf, resourceRecord, pathOf, rawWordOf, stringMapOf, stringOf, timeOf } from './resourceFields';
import { apacheSpecSummary } from './specSummary';
import { boundHistory } from './stateHistory';

const DEFAULT_API_VERSION = `${APACHE_GROUP}/v1`;

/** What a state word says about the attempt it belongs to. */
type StateKind = 'initializing' | 'driver' | 'succeeded' | 'failure' | 'scheduling-failure' | 'terminated';

const STATE_KINDS: ReadonlyMap<string, StateKind> = new Map<string, StateKind>([
  ['Submitted', 'initializing'],
  ['ScheduledToRestart', 'initializing'],
  ['DriverRequested', 'driver'],
  ['DriverStarted', 'driver'],
  ['DriverReady', 'driver'],
  ['InitializedBelowThresholdExecutors', 'driver'],
  ['RunningHealthy', 'driver'],
  ['RunningWithPartialCapacity', 'driver'],
  ['RunningWithBelowThresholdExecutors', 'driver'],
  ['DriverStartTimedOut', 'failure'],
  ['ExecutorsStartTimedOut', 'failure'],
  ['DriverReadyTimedOut', 'failure'],
  ['Succeeded', 'succeeded'],
  ['Failed', 'failure'],
  ['SchedulingFailure', 'scheduling-failure'],
  ['DriverEvicted', 'failure'],
  ['ResourceReleased', 'terminated'],
  ['TerminatedWithoutReleaseResources', 'terminated'],
]);

/** Phases of the states that begin an attempt or run it. */
const PLAIN_PHASES: ReadonlyMap<string, OperatorPhase> = new Map<string, OperatorPhase>([
  ['Submitted', 'submitted'],
  ['ScheduledToRestart', 'pending-rerun'],
  ['DriverRequested', 'submitted'],
]);

/** Spark's id length limit in generateSparkAppId; longer ids become a hash we do not compute. */
const APP_ID_LENGTH_LIMIT = 46;
const SPARK_APP_ID_CONF = 'spark.app.id';
const DRIVER_POD_NAME_CONF = 'spark.kubernetes.driver.pod.name';

interface ApacheState {
  raw: string;
  at: number | null;
  message: string | null;
}

/**
 * The phase of states[i], read in the context of the states before it (the attempt it
 * belongs to for a scheduling failure, the state that ended the attempt for a final one).
 */
export function apachePhaseAt(states: readonly Pick<ApacheState, 'raw'>[], i: number): OperatorPhase {
  const raw = states[i]?.raw;
  if (raw === undefined) return 'unknown';
  const kind = STATE_KINDS.get(raw);
  switch (kind) {
    case undefined: return 'unknown';
    case 'initializing': return PLAIN_PHASES.get(raw) ?? 'unknown';
    case 'driver': return PLAIN_PHASES.get(raw) ?? 'running';
    case 'succeeded': return 'succeeding';
    case 'failure': return 'failing';
    case 'scheduling-failure': return hadDriver(states, i) ? 'failing' : 'submission-failed';
    case 'terminated': return finalPhase(states, i);
  }
}

/** Whether a driver state precedes states[i] within its attempt. */
function hadDriver(states: readonly Pick<ApacheState, 'raw'>[], i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const kind = STATE_KINDS.get(states[k].raw);
    if (kind === 'driver') return true;
    if (kind === 'initializing') return false;
  }
  return false;
}

function finalPhase(states: readonly Pick<ApacheState, 'raw'>[], i: number): OperatorPhase {
  for (let k = i - 1; k >= 0; k--) {
    const kind = STATE_KINDS.get(states[k].raw);
    if (kind === 'terminated') continue;
    if (kind === 'succeeded') return 'completed';
    if (kind === 'scheduling-failure') return hadDriver(states, k) ? 'failed' : 'submission-failed';
    return kind === undefined ? 'unknown' : 'failed';
  }
  return 'unknown';
}

/** The state that decided how the attempt of states[i] ends (itself, or the one a final state follows). */
function endingStateIndex(states: readonly Pick<ApacheState, 'raw'>[], i: number): number {
  for (let k = i; k >= 0; k--) if (STATE_KINDS.get(states[k].raw) !== 'terminated') return k;
  return i;
}

function stateOf(value: unknown, now: number | undefined): ApacheState | null {
  const f = fieldsOf(value);
  if (f === null) return null;
  return { raw: rawWordOf(f.currentStateSummary), at: timeOf(f.lastTransitionTime, now), message: stringOf(f.message) };
}

/**
 * Every recorded state, by key as a number: status.stateTransitionHistory, plus the entries an
 * attempt summary keeps when the operator trims the history at a restart (the same keys
 * continue across them). The status's own map wins for a key present in both.
 */
function recordedStates(status: Fields, now: number | undefined): { key: number; state: ApacheState }[] {
  const byKey = new Map<number, ApacheState>();
  const add = (history: unknown): void => {
    const f = fieldsOf(history);
    if (f === null) return;
    for (const [key, value] of Object.entries(f)) {
      if (!/^\d{1,15}$/.test(key)) continue;
      const state = stateOf(value, now);
      if (state !== null) byKey.set(Number(key), state);
    }
  };
  add(pathOf(status, 'previousAttemptSummary', 'stateTransitionHistory'));
  add(pathOf(status, 'currentAttemptSummary', 'stateTransitionHistory'));
  add(status.stateTransitionHistory);
  return [...byKey.entries()].sort((a, b) => a[0] - b[0]).map(([key, state]) => ({ key, state }));
}

/**
 * The attempt (1-based) of each state. With the current attempt's id (attemptInfo.id, from 0):
 * counted back from the last state, a ScheduledToRestart being the first state of its attempt.
 * Without it, counted forward only from a history that starts at key 0; else unknown.
 */
function attemptsOf(states: readonly ApacheState[], firstKey: number | null, currentAttemptId: number | null): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(states.length).fill(null);
  if (currentAttemptId !== null && currentAttemptId >= 0) {
    let attempt = currentAttemptId + 1;
    for (let k = states.length - 1; k >= 0 && attempt >= 1; k--) {
      out[k] = attempt;
      if (states[k].raw === 'ScheduledToRestart') attempt--;
    }
    return out;
  }
  if (firstKey !== 0) return out;
  let attempt = 1;
  for (let k = 0; k < states.length; k++) {
    if (k > 0 && states[k].raw === 'ScheduledToRestart') attempt++;
    out[k] = attempt;
  }
  return out;
}

/** Index of the first state of the attempt states[i] belongs to. */
function attemptStartIndex(states: readonly ApacheState[], i: number): number {
  for (let k = i; k >= 0; k--) if (STATE_KINDS.get(states[k].raw) === 'initializing') return k;
  return 0;
}

/**
 * An Apache SparkApplication, or null when it has no metadata.name, namespace or uid. `now`,
 * when given, also rejects times beyond the tolerated clock skew.
 */
export function readApacheApp(obj: unknown, cluster: string, now?: number): OperatorApp | null {
  const id = identityOf(obj, now);
  if (id === null) return null;
  const status = fieldsOf(pathOf(obj, 'status')) ?? {};
  const recorded = recordedStates(status, now);
  const states = recorded.map((r) => r.state);
  const current = stateOf(status.currentState, now);
  // The current state is normally the last recorded one; a status that says otherwise is read
  // with its current state after what it recorded.
  const last = states.length > 0 ? states[states.length - 1] : undefined;
  if (current !== null && (last === undefined || last.raw !== current.raw || last.at !== current.at)) states.push(current);

  const attemptId = integerOf(pathOf(status, 'currentAttemptSummary', 'attemptInfo', 'id'));
  const attempts = attemptsOf(states, recorded.length > 0 ? recorded[0].key : null, attemptId);
  const history: OperatorStateEntry[] = states.map((s, i) => ({
    phase: apachePhaseAt(states, i), raw: s.raw, at: s.at, message: s.message, attempt: attempts[i],
  }));

  const i = states.length - 1;
  const phase: OperatorPhase = i >= 0 ? history[i].phase : 'new';
  const conf = stringMapOf(pathOf(obj, 'spec', 'sparkConf'));
  const appId = stringOf(conf[SPARK_APP_ID_CONF]) ?? generatedAppId(id.name, attemptId);
  const start = i >= 0 ? attemptStartIndex(states, i) : -1;
  const ending = i >= 0 ? endingStateIndex(states, i) : -1;
  const ended = phase === 'succeeding' || phase === 'failing' || phase === 'completed' || phase === 'failed' || phase === 'submission-failed';

  return {
    ...resourceRecord(cluster, id),
    operator: 'apache',
    apiVersion: stringOf(pathOf(obj, 'apiVersion')) ?? DEFAULT_API_VERSION,
    createdAt: id.createdAt,
    phase,
    rawState: i >= 0 ? states[i].raw : '',
    errorMessage: i >= 0 ? failureMessage(states, history, i, ending) : null,
    appId,
    // Spark names the driver pod `<resourceNamePrefix>-driver`; the operator's prefix is the app id.
    driverPodName: stringOf(conf[DRIVER_POD_NAME_CONF]) ?? (appId === null ? null : `${appId}-driver`),
    submissionId: null,
    submissionAttempts: null,
    executionAttempts: attemptId !== null && attemptId >= 0 ? attemptId + 1 : null,
    lastSubmissionAt: start >= 0 ? states[start].at : null,
    terminatedAt: ended && ending >= start ? states[ending].at : null,
    executorStates: {},
    uiService: null,
    spec: apacheSpecSummary(pathOf(obj, 'spec')),
    scheduledBy: null,
    history: boundHistory(history),
  };
}

/** The error to show: the message of the failure that ended the attempt (or of the final state). */
function failureMessage(states: readonly ApacheState[], history: readonly OperatorStateEntry[], i: number, ending: number): string | null {
  const phase = history[i].phase;
  if (phase !== 'failing' && phase !== 'failed' && phase !== 'submission-failed') return null;
  return states[ending].message ?? states[i].message;
}

/**
 * generateSparkAppId: `<name>-<attempt id>` (the attempt id defaults to 0), unless longer than
 * Spark's limit, when the operator uses a SHA-256 based id this pure reader does not compute.
 */
function generatedAppId(name: string, attemptId: number | null): string | null {
  const id = `${name}-${attemptId ?? 0}`;
  return id.length <= APP_ID_LENGTH_LIMIT ? id : null;
}
