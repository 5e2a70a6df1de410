// Applications as the Spark operators see them: a SparkApplication of the Kubeflow operator
// (sparkoperator.k8s.io/v1beta2) or of Apache's Spark Kubernetes operator (spark.apache.org),
// and the Kubeflow operator's ScheduledSparkApplication, read into one vocabulary the views
// share. An operator application exists before any of its pods (and may fail before any):
// this is what the dashboard knows of it beside its pods.

export type OperatorName = 'kubeflow' | 'apache';

/**
 * Both operators' application states in one vocabulary. Kubeflow's ApplicationStateType maps
 * one to one ('' is new); Apache's ApplicationStateSummary maps by meaning (lib/operator/apacheStatus.ts).
 */
export type OperatorPhase =
  | 'new' | 'submitted' | 'running' | 'succeeding' | 'completed' | 'failing' | 'failed'
  | 'submission-failed' | 'pending-rerun' | 'invalidating' | 'suspending' | 'suspended' | 'resuming' | 'unknown';

/** Phases an application does not leave on its own (a new attempt starts from pending-rerun). */
export const TERMINAL_OPERATOR_PHASES: readonly OperatorPhase[] = ['completed', 'failed', 'submission-failed'];

export interface OperatorStateEntry {
  phase: OperatorPhase;
  /** The operator's own word for it: SUBMISSION_FAILED, RunningHealthy, … */
  raw: string;
  /** When it began (epoch ms): from the operator's record (Apache) or when the dashboard saw it (Kubeflow). */
  at: number | null;
  message: string | null;
  /** The attempt it belongs to (1-based) when known. */
  attempt: number | null;
}

export interface OperatorSpecSummary {
  /** Scala, Java, Python, R. */
  type: string | null;
  mode: string | null;
  image: string | null;
  mainClass: string | null;
  /** mainApplicationFile (Kubeflow) or the jars/pyFiles entry point (Apache). */
  mainFile: string | null;
  sparkVersion: string | null;
  driver: { cores: string | null; memory: string | null; serviceAccount: string | null };
  executor: { instances: number | null; cores: string | null; memory: string | null };
  dynamicAllocation: { enabled: boolean; initial: number | null; min: number | null; max: number | null } | null;
  /** Restart policy in words: "OnFailure, 3 retries every 10 s; submission 2 retries every 20 s". */
  restartPolicy: string | null;
}

/** One SparkApplication resource as the dashboard reads it. */
export interface OperatorApp {
  /** `cluster/namespace/name`: an operator application is named by its resource. */
  key: string;
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  operator: OperatorName;
  apiVersion: string;
  createdAt: number | null;
  phase: OperatorPhase;
  rawState: string;
  /** The error the operator recorded (applicationState.errorMessage, currentState.message). */
  errorMessage: string | null;
  /** The Spark application id of the current attempt (spark-app-selector), when the operator recorded it. */
  appId: string | null;
  driverPodName: string | null;
  submissionId: string | null;
  submissionAttempts: number | null;
  executionAttempts: number | null;
  lastSubmissionAt: number | null;
  terminatedAt: number | null;
  /** The operator's map of executor pod name → state (Kubeflow: PENDING, RUNNING, COMPLETED, FAILED, UNKNOWN). */
  executorStates: Record<string, string>;
  /** Where the operator says the driver's UI is (Kubeflow driverInfo): service and port. */
  uiService: { name: string; port: number | null } | null;
  spec: OperatorSpecSummary;
  /** The ScheduledSparkApplication that created it (Kubeflow's scheduled-app-name label). */
  scheduledBy: string | null;
  /** States, oldest first (bounded): the operator's history where it keeps one, else what the dashboard saw. */
  history: OperatorStateEntry[];
}

export type ScheduledRunOutcome = 'succeeded' | 'failed' | 'running' | 'unknown';

export interface ScheduledRun {
  /** The SparkApplication the schedule created. */
  name: string;
  outcome: ScheduledRunOutcome;
  /** Its state when the resource still exists (null when only the schedule's status names it). */
  phase: OperatorPhase | null;
  /** The Spark application id of its current attempt, when the resource exists and recorded one (for a link). */
  appId: string | null;
  createdAt: number | null;
}

/** A Kubeflow ScheduledSparkApplication. */
export interface OperatorSchedule {
  key: string;
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  schedule: string;
  timeZone: string | null;
  suspend: boolean;
  concurrencyPolicy: string | null;
  /** scheduleState: Scheduled, FailedValidation, '' (new). */
  state: string;
  reason: string | null;
  lastRun: number | null;
  nextRun: number | null;
  lastRunName: string | null;
  /** Newest first: live runs, then names the schedule's status still lists. */
  runs: ScheduledRun[];
  spec: OperatorSpecSummary;
}

/** What an operator resource contributes to an application summary (overview rows, wall tiles). */
export interface OperatorRef {
  operator: OperatorName;
  /** The SparkApplication's name. */
  name: string;
  phase: OperatorPhase;
  rawState: string;
  errorMessage: string | null;
  scheduledBy: string | null;
}

/**
 * The application id of an operator application that has no pod yet (or never got one): its
 * resource's name behind a prefix no spark-app-selector can carry (':' is not allowed in a
 * label value), so it can never collide with a real Spark application id.
 */
const OPERATOR_APP_PREFIX = 'operator:';
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function operatorAppId(name: string): string {
  return `${OPERATOR_APP_PREFIX}${name}`;
}

/** The resource name an operator application id stands for, or null for a Spark application id. */
export function operatorNameOf(appId: string): string | null {
  if (!appId.startsWith(OPERATOR_APP_PREFIX)) return null;
  const name = appId.slice(OPERATOR_APP_PREFIX.length);
  return DNS_SUBDOMAIN.test(name) ? name : null;
}
