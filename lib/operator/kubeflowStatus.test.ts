import { describe, expect, it } from 'vitest';
import { kubeflowPhaseOf, readKubeflowApp, readKubeflowSchedule, scheduledRunOutcome } from './kubeflowStatus';
import type { OperatorApp } from './operatorApp';
import {
  FIXTURE_CLUSTER, FIXTURE_NAMESPACE, KUBEFLOW_DRIVER_FAILED_ERROR, KUBEFLOW_POD_PREFIX, KUBEFLOW_RETRIED_SPARK_APP_ID, KUBEFLOW_SPARK_APP_ID,
  KUBEFLOW_SUBMISSION_ERROR, KUBEFLOW_SUBMISSION_ID, KUBEFLOW_UI_SERVICE, SCHEDULE_RUN_OFFSETS, fixtureTime, kubeflowApp, kubeflowNewApp,
  kubeflowRetriedApp, kubeflowSubmissionFailedApp, scheduledRun, scheduledRunName, scheduledSparkApplication,
} from './testing/fixtures';

const NOW = Date.UTC(2026, 0, 1, 1);
const read = (obj: unknown): OperatorApp => {
  const app = readKubeflowApp(obj, FIXTURE_CLUSTER, NOW);
  if (app === null) throw new Error('not read');
  return app;
};

describe('kubeflowPhaseOf', () => {
  it('maps every ApplicationStateType one to one', () => {
    expect(Object.fromEntries([
      '', 'SUBMITTED', 'RUNNING', 'COMPLETED', 'FAILED', 'SUBMISSION_FAILED', 'PENDING_RERUN', 'INVALIDATING', 'SUCCEEDING', 'FAILING',
      'SUSPENDING', 'SUSPENDED', 'RESUMING', 'UNKNOWN',
    ].map((s) => [s, kubeflowPhaseOf(s)]))).toEqual({
      '': 'new', SUBMITTED: 'submitted', RUNNING: 'running', COMPLETED: 'completed', FAILED: 'failed', SUBMISSION_FAILED: 'submission-failed',
      PENDING_RERUN: 'pending-rerun', INVALIDATING: 'invalidating', SUCCEEDING: 'succeeding', FAILING: 'failing', SUSPENDING: 'suspending',
      SUSPENDED: 'suspended', RESUMING: 'resuming', UNKNOWN: 'unknown',
    });
  });

  it('maps words it does not know, in any other case, to unknown', () => {
    expect(kubeflowPhaseOf('running')).toBe('unknown');
    expect(kubeflowPhaseOf('PAUSED')).toBe('unknown');
    expect(kubeflowPhaseOf('constructor')).toBe('unknown');
  });
});

describe('readKubeflowApp', () => {
  it('reads a new application: no status yet', () => {
    const app = read(kubeflowNewApp());
    expect(app).toMatchObject({
      key: `${FIXTURE_CLUSTER}/${FIXTURE_NAMESPACE}/spark-pi`, operator: 'kubeflow', apiVersion: 'sparkoperator.k8s.io/v1beta2',
      phase: 'new', rawState: '', errorMessage: null, appId: null, driverPodName: null, submissionId: null,
      submissionAttempts: null, executionAttempts: null, lastSubmissionAt: null, terminatedAt: null, executorStates: {}, uiService: null,
      createdAt: Date.UTC(2026, 0, 1), scheduledBy: null, history: [],
    });
  });

  it('reads a submitted application: submission, driver pod name and UI service, no app id yet', () => {
    const app = read(kubeflowApp('SUBMITTED'));
    expect(app).toMatchObject({
      phase: 'submitted', rawState: 'SUBMITTED', appId: null, driverPodName: 'spark-pi-driver', submissionId: KUBEFLOW_SUBMISSION_ID,
      submissionAttempts: 1, executionAttempts: 1, lastSubmissionAt: Date.UTC(2026, 0, 1, 0, 0, 2), terminatedAt: null,
      uiService: { name: KUBEFLOW_UI_SERVICE, port: 4040 },
    });
  });

  it('reads a running application with its executors', () => {
    const app = read(kubeflowApp('RUNNING'));
    expect(app.phase).toBe('running');
    expect(app.appId).toBe(KUBEFLOW_SPARK_APP_ID);
    expect(app.executorStates).toEqual({ [`${KUBEFLOW_POD_PREFIX}-exec-1`]: 'RUNNING', [`${KUBEFLOW_POD_PREFIX}-exec-2`]: 'RUNNING' });
  });

  it('reads every state the operator writes', () => {
    const expected: Record<string, string> = {
      SUBMITTED: 'submitted', RUNNING: 'running', SUCCEEDING: 'succeeding', COMPLETED: 'completed', FAILING: 'failing', FAILED: 'failed',
      PENDING_RERUN: 'pending-rerun', INVALIDATING: 'invalidating', SUSPENDING: 'suspending', SUSPENDED: 'suspended', RESUMING: 'resuming', UNKNOWN: 'unknown',
    };
    for (const [state, phase] of Object.entries(expected)) {
      const app = read(kubeflowApp(state));
      expect([app.rawState, app.phase]).toEqual([state, phase]);
    }
  });

  it('reads a completed application with its termination time', () => {
    const app = read(kubeflowApp('COMPLETED'));
    expect(app).toMatchObject({ phase: 'completed', errorMessage: null, terminatedAt: Date.UTC(2026, 0, 1, 0, 10) });
  });

  it('reads a failed application with the driver\'s exit as its error', () => {
    const app = read(kubeflowApp('FAILED'));
    expect(app).toMatchObject({ phase: 'failed', errorMessage: KUBEFLOW_DRIVER_FAILED_ERROR, terminatedAt: Date.UTC(2026, 0, 1, 0, 5) });
  });

  it('reads a submission failure: the operator\'s error text, no execution attempt', () => {
    const app = read(kubeflowSubmissionFailedApp());
    expect(app).toMatchObject({
      phase: 'submission-failed', rawState: 'SUBMISSION_FAILED', submissionAttempts: 1, executionAttempts: null, appId: null, uiService: null,
    });
    expect(app.errorMessage).toBe(KUBEFLOW_SUBMISSION_ERROR);
    expect(app.errorMessage?.startsWith('failed to submit spark application: failed to run spark-submit: ')).toBe(true);
  });

  it('reads a retried application: the second attempt\'s app id and the restart policy', () => {
    const app = read(kubeflowRetriedApp());
    expect(app).toMatchObject({ phase: 'running', executionAttempts: 2, submissionAttempts: 2, appId: KUBEFLOW_RETRIED_SPARK_APP_ID });
    expect(app.spec.restartPolicy).toBe('OnFailure: 3 retries, 10 s apart; submission: 2 retries, 20 s apart; waits grow with each attempt');
  });

  it('summarises the spec', () => {
    expect(read(kubeflowApp('RUNNING')).spec).toEqual({
      type: 'Scala', mode: 'cluster', image: 'docker.io/library/spark:4.0.0', mainClass: 'org.apache.spark.examples.SparkPi',
      mainFile: 'local:///opt/spark/examples/jars/spark-examples.jar', sparkVersion: '4.0.0',
      driver: { cores: '1', memory: '512m', serviceAccount: 'spark-operator-spark' },
      executor: { instances: 2, cores: '1', memory: '512m' },
      dynamicAllocation: null,
      restartPolicy: 'Never',
    });
  });

  it('is null for an object that names nothing', () => {
    for (const broken of [null, undefined, 'spark-pi', 42, [], {}, { metadata: null }, { metadata: { name: 'a', namespace: 'b' } }, { metadata: { name: 'a', uid: 'u' } }]) {
      expect(readKubeflowApp(broken, FIXTURE_CLUSTER)).toBeNull();
    }
  });

  it('never throws on fields of the wrong type', () => {
    const app = read({
      apiVersion: 7,
      metadata: { name: 'x', namespace: 'n', uid: 'u', creationTimestamp: 'yesterday', labels: 'none' },
      spec: 'not a spec',
      status: {
        applicationState: { state: 42, errorMessage: { nested: true } }, sparkApplicationId: 5, submissionID: [], driverInfo: 'driver',
        executionAttempts: '3', submissionAttempts: -1, lastSubmissionAttemptTime: 12, terminationTime: '2099-01-01T00:00:00Z', executorState: ['RUNNING'],
      },
    });
    expect(app).toMatchObject({
      apiVersion: 'sparkoperator.k8s.io/v1beta2', createdAt: null, phase: 'unknown', rawState: '42', errorMessage: null, appId: null, submissionId: null,
      driverPodName: null, executionAttempts: null, submissionAttempts: null, lastSubmissionAt: null, terminatedAt: null, executorStates: {}, uiService: null,
    });
    expect(app.spec.restartPolicy).toBe('Never');
  });

  it('keeps an unknown state word raw', () => {
    const obj = kubeflowApp('RUNNING');
    (obj.status as Record<string, unknown>).applicationState = { state: 'HIBERNATING' };
    expect(read(obj)).toMatchObject({ phase: 'unknown', rawState: 'HIBERNATING' });
  });

  it('reads a UI service without a port, and drops non-string executor states', () => {
    const obj = kubeflowApp('RUNNING');
    const status = obj.status as Record<string, unknown>;
    status.driverInfo = { webUIServiceName: 'svc', webUIPort: 0 };
    status.executorState = { a: 'RUNNING', b: 3 };
    expect(read(obj)).toMatchObject({ uiService: { name: 'svc', port: null }, executorStates: { a: 'RUNNING' } });
  });
});

describe('scheduledRunOutcome', () => {
  it('says how a run ended from its phase', () => {
    expect(scheduledRunOutcome('completed')).toBe('succeeded');
    expect(scheduledRunOutcome('failed')).toBe('failed');
    expect(scheduledRunOutcome('submission-failed')).toBe('failed');
    expect(scheduledRunOutcome('running')).toBe('running');
    expect(scheduledRunOutcome('pending-rerun')).toBe('running');
    expect(scheduledRunOutcome('unknown')).toBe('unknown');
  });
});

describe('readKubeflowSchedule', () => {
  const runs = (): OperatorApp[] => [
    read(scheduledRun(SCHEDULE_RUN_OFFSETS.success, 'COMPLETED')),
    read(scheduledRun(SCHEDULE_RUN_OFFSETS.current, 'RUNNING')),
    read(scheduledRun(SCHEDULE_RUN_OFFSETS.failed, 'FAILED')),
    read(kubeflowApp('RUNNING', 'unrelated')),
  ];

  it('reads the schedule and its status', () => {
    const s = readKubeflowSchedule(scheduledSparkApplication(), FIXTURE_CLUSTER, [], NOW);
    expect(s).toMatchObject({
      key: `${FIXTURE_CLUSTER}/${FIXTURE_NAMESPACE}/nightly-report`, schedule: '0 2 * * *', timeZone: 'Europe/Berlin', suspend: false,
      concurrencyPolicy: 'Forbid', state: 'Scheduled', reason: null, lastRun: Date.UTC(2026, 0, 1), nextRun: Date.UTC(2026, 0, 2),
      lastRunName: scheduledRunName(0),
    });
    expect(s?.spec.mainClass).toBe('com.example.reports.Nightly');
    expect(s?.spec.mainFile).toBe('s3a://jobs/reports-2.3.1.jar');
  });

  it('lists live runs newest first, then past runs only the status names', () => {
    const s = readKubeflowSchedule(scheduledSparkApplication(), FIXTURE_CLUSTER, runs(), NOW);
    expect(s?.runs).toEqual([
      { name: scheduledRunName(0), outcome: 'running', phase: 'running', appId: KUBEFLOW_SPARK_APP_ID, createdAt: Date.UTC(2026, 0, 1) },
      { name: scheduledRunName(SCHEDULE_RUN_OFFSETS.success), outcome: 'succeeded', phase: 'completed', appId: KUBEFLOW_SPARK_APP_ID, createdAt: Date.UTC(2025, 11, 31) },
      { name: scheduledRunName(SCHEDULE_RUN_OFFSETS.failed), outcome: 'failed', phase: 'failed', appId: KUBEFLOW_SPARK_APP_ID, createdAt: Date.UTC(2025, 11, 30) },
      { name: scheduledRunName(SCHEDULE_RUN_OFFSETS.oldestSuccess), outcome: 'succeeded', phase: null, appId: null, createdAt: null },
    ]);
  });

  it('takes runs only from its own cluster and namespace', () => {
    const others = runs().map((r) => ({ ...r, cluster: 'other' }));
    const s = readKubeflowSchedule(scheduledSparkApplication(), FIXTURE_CLUSTER, others, NOW);
    expect(s?.runs.map((r) => r.phase)).toEqual([null, null, null]);
  });

  it('reads a schedule that failed validation, and one without status', () => {
    const obj = scheduledSparkApplication();
    obj.status = { scheduleState: 'FailedValidation', reason: 'Invalid timezone: unknown time zone Mars/Olympus' };
    (obj.spec as Record<string, unknown>).suspend = true;
    expect(readKubeflowSchedule(obj, FIXTURE_CLUSTER, [], NOW)).toMatchObject({
      state: 'FailedValidation', reason: 'Invalid timezone: unknown time zone Mars/Olympus', suspend: true, lastRun: null, nextRun: null, runs: [],
    });
    delete obj.status;
    expect(readKubeflowSchedule(obj, FIXTURE_CLUSTER, [], NOW)?.state).toBe('');
  });

  it('keeps a next run far ahead (a weekly schedule)', () => {
    const obj = scheduledSparkApplication();
    (obj.status as Record<string, unknown>).nextRun = fixtureTime(7 * 86_400_000);
    expect(readKubeflowSchedule(obj, FIXTURE_CLUSTER, [], NOW)?.nextRun).toBe(Date.UTC(2026, 0, 8));
  });

  it('is null for an object that names nothing, and never throws on malformed fields', () => {
    expect(readKubeflowSchedule({ metadata: { name: 'x' } }, FIXTURE_CLUSTER, [])).toBeNull();
    const s = readKubeflowSchedule({
      metadata: { name: 'x', namespace: 'n', uid: 'u' }, spec: { schedule: 5, suspend: 'true', template: null },
      status: { pastSuccessfulRunNames: 'x-1', pastFailedRunNames: [null, 'x-2', 'x-2'], scheduleState: 3 },
    }, FIXTURE_CLUSTER, []);
    expect(s).toMatchObject({ schedule: '', suspend: false, state: '3', runs: [{ name: 'x-2', outcome: 'failed', phase: null, appId: null, createdAt: null }] });
  });
});
