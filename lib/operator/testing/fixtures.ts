// Operator resources as the operators write them, for unit tests: Kubeflow SparkApplications
// (one per state the operator writes, a submission failure, a retried run), a
// ScheduledSparkApplication with past runs, and Apache SparkApplications with real
// stateTransitionHistory. Field names, state words and messages are the operators' own (see
// the readers' sources); times are fixed offsets from 2026-01-01T00:00:00Z. Each call returns
// a new object.

import { FIXTURE_NAMESPACE, fixtureTime, fixtureUid } from '../../spark/testing/fixtureParts';

export { FIXTURE_NAMESPACE, fixtureTime } from '../../spark/testing/fixtureParts';

export type Resource = Record<string, unknown>;

export const FIXTURE_CLUSTER = 'prod-eu';
export const KUBEFLOW_APP_NAME = 'spark-pi';
/** A Spark-generated application id (`spark-` and a UUID without dashes). */
export const KUBEFLOW_SPARK_APP_ID = 'spark-4a7b9c2d1e0f43a8b6c5d4e3f2a1b0c9';
export const KUBEFLOW_SUBMISSION_ID = '6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718';
/** spark-submit's resource name prefix: `<app name>-<16 hex>`. */
export const KUBEFLOW_POD_PREFIX = `${KUBEFLOW_APP_NAME}-3fa2c19b76daa800`;
export const KUBEFLOW_UI_SERVICE = `${KUBEFLOW_APP_NAME}-ui-svc`;

/**
 * What a SparkApplication's status holds when the operator reports a failed spark-submit: the
 * controller wraps the submitter's error ("failed to submit spark application: %v"), which wraps
 * runSparkSubmit's ("failed to run spark-submit: %v" around "failed to run spark-submit: <stderr>").
 */
export const KUBEFLOW_SUBMISSION_ERROR = 'failed to submit spark application: failed to run spark-submit: failed to run spark-submit: '
  + 'Exception in thread "main" io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: '
  + `https://10.96.0.1:443/api/v1/namespaces/${FIXTURE_NAMESPACE}/pods. Message: pods "${KUBEFLOW_APP_NAME}-driver" is forbidden: `
  + `error looking up service account ${FIXTURE_NAMESPACE}/spark-operator-spark: serviceaccount "spark-operator-spark" not found. `
  + 'Received status: Status(apiVersion=v1, code=403, details=StatusDetails(causes=[], group=null, kind=pods, '
  + `name=${KUBEFLOW_APP_NAME}-driver, retryAfterSeconds=null, uid=null, additionalProperties={}), kind=Status, `
  + `message=pods "${KUBEFLOW_APP_NAME}-driver" is forbidden: error looking up service account ${FIXTURE_NAMESPACE}/spark-operator-spark: `
  + 'serviceaccount "spark-operator-spark" not found, metadata=ListMeta(_continue=null, remainingItemCount=null, '
  + 'resourceVersion=null, selfLink=null, additionalProperties={}), reason=Forbidden, status=Failure, additionalProperties={}).\n';
/** updateDriverState's message for a driver that exited non-zero. */
export const KUBEFLOW_DRIVER_FAILED_ERROR = 'driver container failed with ExitCode: 1, Reason: Error';

function kubeflowSpec(): Resource {
  return {
    type: 'Scala',
    mode: 'cluster',
    image: 'docker.io/library/spark:4.0.0',
    imagePullPolicy: 'IfNotPresent',
    mainClass: 'org.apache.spark.examples.SparkPi',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
    arguments: ['5000'],
    sparkVersion: '4.0.0',
    sparkConf: { 'spark.eventLog.enabled': 'false', 'spark.kubernetes.allocation.batch.size': '10' },
    restartPolicy: { type: 'Never' },
    driver: { cores: 1, memory: '512m', serviceAccount: 'spark-operator-spark', labels: { version: '4.0.0' } },
    executor: { instances: 2, cores: 1, memory: '512m', labels: { version: '4.0.0' } },
  };
}

function kubeflowMetadata(name: string, extraLabels: Record<string, string> = {}): Resource {
  return {
    name,
    namespace: FIXTURE_NAMESPACE,
    uid: fixtureUid(`kubeflow/${name}`),
    resourceVersion: '48213',
    generation: 1,
    creationTimestamp: fixtureTime(0),
    ...(Object.keys(extraLabels).length > 0 ? { labels: extraLabels } : {}),
    finalizers: ['sparkoperator.k8s.io/finalizer'],
  };
}

function executorName(n: number, prefix = KUBEFLOW_POD_PREFIX): string {
  return `${prefix}-exec-${n}`;
}

/** The status fields of a submitted attempt (SparkApplicationStatus). */
function submittedStatus(state: string, opts: { attempts?: number; errorMessage?: string } = {}): Resource {
  const attempts = opts.attempts ?? 1;
  return {
    submissionID: KUBEFLOW_SUBMISSION_ID,
    lastSubmissionAttemptTime: fixtureTime(2_000),
    terminationTime: null,
    driverInfo: {
      podName: `${KUBEFLOW_APP_NAME}-driver`,
      webUIServiceName: KUBEFLOW_UI_SERVICE,
      webUIAddress: '10.96.114.20:4040',
      webUIPort: 4040,
    },
    applicationState: opts.errorMessage === undefined ? { state } : { state, errorMessage: opts.errorMessage },
    submissionAttempts: attempts,
    executionAttempts: attempts,
  };
}

/** A SparkApplication the operator has not processed yet: no status at all. */
export function kubeflowNewApp(name = KUBEFLOW_APP_NAME): Resource {
  return { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: kubeflowMetadata(name), spec: kubeflowSpec() };
}

/**
 * A SparkApplication in `state` as the operator writes it there: SUBMITTED with the driver pod
 * pending; RUNNING with the application id and executors; SUCCEEDING / COMPLETED and FAILING /
 * FAILED with a termination time (and the driver's exit as the error); the other words with the
 * submission's fields only.
 */
export function kubeflowApp(state: string, name = KUBEFLOW_APP_NAME): Resource {
  const app = kubeflowNewApp(name);
  const failing = state === 'FAILING' || state === 'FAILED';
  const status: Resource = submittedStatus(state, failing ? { errorMessage: KUBEFLOW_DRIVER_FAILED_ERROR } : {});
  if (state !== 'SUBMITTED' && state !== 'PENDING_RERUN') status.sparkApplicationId = KUBEFLOW_SPARK_APP_ID;
  if (state === 'RUNNING') status.executorState = { [executorName(1)]: 'RUNNING', [executorName(2)]: 'RUNNING' };
  if (state === 'SUCCEEDING' || state === 'COMPLETED') {
    status.terminationTime = fixtureTime(600_000);
    status.executorState = { [executorName(1)]: 'COMPLETED', [executorName(2)]: 'COMPLETED' };
  }
  if (failing) {
    status.terminationTime = fixtureTime(300_000);
    status.executorState = { [executorName(1)]: 'FAILED', [executorName(2)]: 'RUNNING' };
  }
  app.status = status;
  return app;
}

/** SUBMISSION_FAILED after its first spark-submit: no driver pod, no application id. */
export function kubeflowSubmissionFailedApp(name = KUBEFLOW_APP_NAME): Resource {
  const app = kubeflowNewApp(name);
  const status = submittedStatus('SUBMISSION_FAILED', { errorMessage: KUBEFLOW_SUBMISSION_ERROR });
  // A failed submission does not count as an execution attempt, and leaves no UI service.
  delete status.executionAttempts;
  status.driverInfo = { podName: `${KUBEFLOW_APP_NAME}-driver` };
  app.status = status;
  return app;
}

export const KUBEFLOW_RETRIED_SPARK_APP_ID = 'spark-0b1c2d3e4f5a46b7c8d9e0f1a2b3c4d5';
export const KUBEFLOW_RETRIED_POD_PREFIX = `${KUBEFLOW_APP_NAME}-81c0d2e4f6a8b0c2`;

/**
 * Running its second execution attempt under OnFailure after the first failed: a new
 * submission, a new application id, executors under a new name prefix.
 */
export function kubeflowRetriedApp(name = KUBEFLOW_APP_NAME): Resource {
  const app = kubeflowNewApp(name);
  (app.spec as Resource).restartPolicy = {
    type: 'OnFailure', onFailureRetries: 3, onFailureRetryInterval: 10, onSubmissionFailureRetries: 2, onSubmissionFailureRetryInterval: 20,
  };
  const status = submittedStatus('RUNNING', { attempts: 2 });
  status.submissionID = 'c0ffee00-1234-4abc-9def-0123456789ab';
  status.lastSubmissionAttemptTime = fixtureTime(340_000);
  status.sparkApplicationId = KUBEFLOW_RETRIED_SPARK_APP_ID;
  status.executorState = { [executorName(1, KUBEFLOW_RETRIED_POD_PREFIX)]: 'RUNNING', [executorName(2, KUBEFLOW_RETRIED_POD_PREFIX)]: 'PENDING' };
  app.status = status;
  return app;
}

// ---------------------------------------------------------------- ScheduledSparkApplication

export const SCHEDULE_NAME = 'nightly-report';
/** Runs are named `<schedule>-<creation time in Unix nanoseconds>` (the default precision). */
export function scheduledRunName(offsetMs: number): string {
  return `${SCHEDULE_NAME}-${BigInt(Date.UTC(2026, 0, 1) + offsetMs) * 1_000_000n}`;
}
const DAY = 86_400_000;
export const SCHEDULE_RUN_OFFSETS = { oldestSuccess: -3 * DAY, failed: -2 * DAY, success: -DAY, current: 0 } as const;

export function scheduledSparkApplication(): Resource {
  return {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'ScheduledSparkApplication',
    metadata: { ...kubeflowMetadata(SCHEDULE_NAME), creationTimestamp: fixtureTime(-10 * DAY) },
    spec: {
      schedule: '0 2 * * *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      successfulRunHistoryLimit: 2,
      failedRunHistoryLimit: 1,
      template: { ...kubeflowSpec(), mainClass: 'com.example.reports.Nightly', mainApplicationFile: 's3a://jobs/reports-2.3.1.jar' },
    },
    status: {
      scheduleState: 'Scheduled',
      lastRun: fixtureTime(SCHEDULE_RUN_OFFSETS.current),
      nextRun: fixtureTime(DAY),
      lastRunName: scheduledRunName(SCHEDULE_RUN_OFFSETS.current),
      pastSuccessfulRunNames: [scheduledRunName(SCHEDULE_RUN_OFFSETS.success), scheduledRunName(SCHEDULE_RUN_OFFSETS.oldestSuccess)],
      pastFailedRunNames: [scheduledRunName(SCHEDULE_RUN_OFFSETS.failed)],
    },
  };
}

/** A run the schedule created: its label and owner reference, created at `offsetMs`. */
export function scheduledRun(offsetMs: number, state: string): Resource {
  const name = scheduledRunName(offsetMs);
  const app = kubeflowApp(state, name);
  app.metadata = {
    ...kubeflowMetadata(name, { 'sparkoperator.k8s.io/scheduled-app-name': SCHEDULE_NAME }),
    creationTimestamp: fixtureTime(offsetMs),
    ownerReferences: [{
      apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'ScheduledSparkApplication', name: SCHEDULE_NAME,
      uid: fixtureUid(`kubeflow/${SCHEDULE_NAME}`), controller: true, blockOwnerDeletion: true,
    }],
  };
  return app;
}

// ---------------------------------------------------------------- Apache

export const APACHE_APP_NAME = 'pi';

/** Constants.java's state messages. */
export const APACHE_MESSAGES = {
  submitted: 'Spark application has been created on Kubernetes Cluster.',
  driverRequested: 'Requested driver from resource scheduler.',
  driverRunning: 'Driver has started running.',
  driverReady: 'Driver has reached ready state.',
  runningHealthy: 'Application is running healthy.',
  driverSucceeded: 'Driver has critical container(s) exited with 0.',
  driverFailed: 'Driver has one or more failed critical container(s), refer last observed status for details.',
  driverLaunchTimeout: 'The driver has not responded to the initial health check request within the allotted start-up time. '
    + 'This can be configured by setting .spec.applicationTolerations.applicationTimeoutConfig.',
  scheduleFailure: 'Failed to request driver from scheduler backend.',
  exceededRetries: 'The maximum number of restart attempts (1) has been exceeded.',
} as const;

/** A stack trace as AppInitStep appends it to the scheduling failure message. */
export const APACHE_SCHEDULING_FAILURE_MESSAGE = `${APACHE_MESSAGES.scheduleFailure} StackTrace: `
  + 'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: '
  + `https://10.96.0.1:443/api/v1/namespaces/${FIXTURE_NAMESPACE}/pods. Message: pods "pi-0-driver" is forbidden: exceeded quota: `
  + 'compute-quota, requested: limits.memory=1408Mi, used: limits.memory=7Gi, limited: limits.memory=8Gi.\n'
  + '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:642)\n'
  + '\tat org.apache.spark.k8s.operator.reconciler.reconcilesteps.AppInitStep.reconcile(AppInitStep.java:112)\n';

/** Instant.toString: microsecond precision, as the operator stamps lastTransitionTime. */
export function apacheTime(offsetMs: number, micros = 123): string {
  return new Date(Date.UTC(2026, 0, 1) + offsetMs).toISOString().replace(/Z$/, `${String(micros).padStart(3, '0')}Z`);
}

type ApacheStep = [summary: string, offsetMs: number, message: string];

/** An ApplicationState; a null message is left out (JsonInclude NON_NULL), written here as ''. */
function apacheState([summary, offsetMs, message]: ApacheStep): Resource {
  const state: Resource = { currentStateSummary: summary, lastTransitionTime: apacheTime(offsetMs) };
  if (message !== '') state.message = message;
  return state;
}

function attemptInfo(id: number, failures = 0): Resource {
  return { attemptInfo: { id, restartCounter: id, failureRestartCounter: failures, schedulingFailureRestartCounter: 0 } };
}

function apacheSpec(): Resource {
  return {
    mainClass: 'org.apache.spark.examples.SparkPi',
    jars: 'local:///opt/spark/examples/jars/spark-examples.jar',
    driverArgs: ['1000'],
    sparkConf: {
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
      'spark.dynamicAllocation.maxExecutors': '3',
      'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark',
      'spark.kubernetes.container.image': 'apache/spark:{{SPARK_VERSION}}-scala',
      'spark.driver.memory': '1g',
      'spark.executor.memory': '2g',
      'spark.executor.cores': '2',
    },
    applicationTolerations: {
      resourceRetainPolicy: 'OnFailure',
      instanceConfig: { initExecutors: 1, minExecutors: 1, maxExecutors: 3 },
      restartConfig: { restartPolicy: 'Never' },
    },
    runtimeVersions: { sparkVersion: '4.0.1', scalaVersion: '2.13' },
  };
}

/** An Apache SparkApplication whose states went through `steps` (keys 0, 1, …). */
export function apacheApp(steps: readonly ApacheStep[], opts: { name?: string; attemptId?: number; spec?: Resource } = {}): Resource {
  const name = opts.name ?? APACHE_APP_NAME;
  const history: Record<string, Resource> = {};
  steps.forEach((step, i) => { history[String(i)] = apacheState(step); });
  const status: Resource = {
    currentState: apacheState(steps[steps.length - 1]),
    stateTransitionHistory: history,
    currentAttemptSummary: attemptInfo(opts.attemptId ?? 0),
  };
  if ((opts.attemptId ?? 0) > 0) status.previousAttemptSummary = attemptInfo((opts.attemptId ?? 0) - 1);
  return {
    apiVersion: 'spark.apache.org/v1',
    kind: 'SparkApplication',
    metadata: {
      name, namespace: FIXTURE_NAMESPACE, uid: fixtureUid(`apache/${name}`), resourceVersion: '90311', generation: 1, creationTimestamp: fixtureTime(0),
    },
    spec: opts.spec ?? apacheSpec(),
    status,
  };
}

const M = APACHE_MESSAGES;

/** tests/e2e/assertions/spark-application/spark-state-transition.yaml: a run to success. */
export const APACHE_SUCCEEDED_STEPS: readonly ApacheStep[] = [
  ['Submitted', 100, M.submitted],
  ['DriverRequested', 1_200, M.driverRequested],
  ['DriverStarted', 9_800, M.driverRunning],
  ['DriverReady', 14_300, M.driverReady],
  ['RunningHealthy', 21_000, M.runningHealthy],
  ['Succeeded', 302_000, M.driverSucceeded],
  ['ResourceReleased', 303_500, ''],
];

/** OnFailure with one restart: the driver failed, the second attempt runs. */
export const APACHE_RESTARTED_STEPS: readonly ApacheStep[] = [
  ['Submitted', 100, M.submitted],
  ['DriverRequested', 1_200, M.driverRequested],
  ['DriverStarted', 9_800, M.driverRunning],
  ['DriverReady', 14_300, M.driverReady],
  ['RunningHealthy', 21_000, M.runningHealthy],
  ['Failed', 95_000, M.driverFailed],
  ['ScheduledToRestart', 96_000, ''],
  ['DriverRequested', 126_100, M.driverRequested],
  ['DriverStarted', 133_000, M.driverRunning],
  ['DriverReady', 138_000, M.driverReady],
  ['RunningHealthy', 145_000, M.runningHealthy],
];

/** The driver pod was refused (quota); released with no restart. */
export const APACHE_SCHEDULING_FAILURE_STEPS: readonly ApacheStep[] = [
  ['Submitted', 100, M.submitted],
  ['SchedulingFailure', 900, APACHE_SCHEDULING_FAILURE_MESSAGE],
  ['ResourceReleased', 2_400, ''],
];

/** tests/e2e/driver-start-timeout: an image that never pulls. */
export const APACHE_DRIVER_START_TIMEOUT_STEPS: readonly ApacheStep[] = [
  ['Submitted', 100, M.submitted],
  ['DriverRequested', 1_200, M.driverRequested],
  ['DriverStartTimedOut', 31_300, M.driverLaunchTimeout],
  ['TerminatedWithoutReleaseResources', 31_900, 'Application is terminated without releasing resources as configured.'],
];

export function apacheSucceededApp(): Resource {
  return apacheApp(APACHE_SUCCEEDED_STEPS);
}

export function apacheRestartedApp(): Resource {
  const app = apacheApp(APACHE_RESTARTED_STEPS, { attemptId: 1 });
  const tolerations = (app.spec as Resource).applicationTolerations as Resource;
  tolerations.restartConfig = { restartPolicy: 'OnFailure', maxRestartAttempts: 1, restartBackoffMillis: 30000 };
  (app.status as Resource).currentAttemptSummary = attemptInfo(1, 1);
  return app;
}

/**
 * The restarted app as an operator with trimAttemptStateTransitionHistory writes it: the
 * status keeps only the states since the restart (keys continue), the previous attempt's
 * summary keeps the rest.
 */
export function apacheTrimmedRestartedApp(): Resource {
  const app = apacheRestartedApp();
  const status = app.status as Resource;
  const all = status.stateTransitionHistory as Record<string, Resource>;
  const previous: Record<string, Resource> = {};
  const current: Record<string, Resource> = {};
  for (const [key, state] of Object.entries(all)) (Number(key) < 6 ? previous : current)[key] = state;
  status.stateTransitionHistory = current;
  status.previousAttemptSummary = { ...attemptInfo(0), stateTransitionHistory: previous };
  return app;
}

export function apacheSchedulingFailureApp(): Resource {
  return apacheApp(APACHE_SCHEDULING_FAILURE_STEPS);
}

export function apacheDriverStartTimeoutApp(): Resource {
  return apacheApp(APACHE_DRIVER_START_TIMEOUT_STEPS, { name: 'spark-example-driver-start-timeout' });
}
