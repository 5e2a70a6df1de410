import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../../lib/kube/types';
import { msUntilRetryDue, nextStep, submissionStatus, type ObservedRun } from './applicationStateMachine';
import type { KubeflowSparkApplication, SparkApplicationStatus } from './kubeflowResources';

const T0 = Date.UTC(2025, 10, 24, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function app(status: SparkApplicationStatus | undefined, restartPolicy: KubeflowSparkApplication['spec']['restartPolicy'] = { type: 'Never' }, extra: Partial<KubeflowSparkApplication['spec']> = {}): KubeflowSparkApplication {
  return {
    metadata: { name: 'rollup', namespace: 'spark-etl', uid: 'u1' },
    spec: { type: 'Scala', sparkVersion: '4.0.1', mainApplicationFile: 'local:///job.jar', driver: {}, executor: {}, restartPolicy, ...extra },
    status,
  };
}

function driver(phase: string, exit?: number, appId = 'spark-aaa'): KubePod {
  const terminated = exit === undefined ? undefined : { exitCode: exit, reason: exit === 0 ? 'Completed' : 'Error' };
  return {
    metadata: { name: 'rollup-driver', labels: { 'spark-app-selector': appId, 'spark-role': 'driver' } },
    status: { phase, containerStatuses: [{ name: 'spark-kubernetes-driver', state: terminated ? { terminated } : { running: {} } }] },
  } as KubePod;
}

const executor = (name: string, phase: string, appId = 'spark-aaa') => ({ metadata: { name, labels: { 'spark-app-selector': appId, 'spark-role': 'executor' } }, status: { phase } }) as KubePod;
const run = (d: KubePod | null, executors: KubePod[] = [], uiServiceExists: boolean | null = null): ObservedRun => ({ driver: d, executors, uiServiceExists });

const submitted = (at = T0) => submissionStatus({}, { submissionId: 'sub-1', driverPodName: 'rollup-driver', nowMs: at }, { ok: true, appId: 'spark-aaa', uiServiceName: 'rollup-ui-svc', uiPort: 4040 });

describe('the Kubeflow application state machine', () => {
  it('submits a new application and records the attempt as SUBMITTED', () => {
    expect(nextStep(app(undefined), run(null), T0)).toEqual({ kind: 'submit' });
    expect(submitted()).toEqual({
      submissionID: 'sub-1', lastSubmissionAttemptTime: iso(T0), submissionAttempts: 1, executionAttempts: 1, sparkApplicationId: 'spark-aaa',
      driverInfo: { podName: 'rollup-driver', webUIServiceName: 'rollup-ui-svc', webUIPort: 4040 }, applicationState: { state: 'SUBMITTED' },
    });
  });

  it('goes SUBMITTED → RUNNING → SUCCEEDING → COMPLETED with the executors it sees', () => {
    let status = submitted();
    expect(nextStep(app(status), run(driver('Pending')), T0 + 1000)).toEqual({ kind: 'wait' });
    const running = nextStep(app(status), run(driver('Running'), [executor('rollup-abc-exec-1', 'Pending')]), T0 + 5000);
    expect(running.kind).toBe('update');
    status = (running as { status: SparkApplicationStatus }).status;
    expect(status.applicationState).toEqual({ state: 'RUNNING' });
    expect(status.executorState).toEqual({ 'rollup-abc-exec-1': 'PENDING' });
    // An executor that disappears while the driver runs is UNKNOWN.
    status = (nextStep(app(status), run(driver('Running'), [executor('rollup-abc-exec-2', 'Running')]), T0 + 9000) as { status: SparkApplicationStatus }).status;
    expect(status.executorState).toEqual({ 'rollup-abc-exec-1': 'UNKNOWN', 'rollup-abc-exec-2': 'RUNNING' });
    const done = nextStep(app(status), run(driver('Succeeded', 0)), T0 + 60_000) as { status: SparkApplicationStatus };
    expect(done.status.applicationState).toEqual({ state: 'SUCCEEDING' });
    expect(done.status.terminationTime).toBe(iso(T0 + 60_000));
    // Gone when the driver no longer runs, and not finished: Kubeflow calls them FAILED.
    expect(done.status.executorState).toEqual({ 'rollup-abc-exec-1': 'FAILED', 'rollup-abc-exec-2': 'FAILED' });
    const completed = nextStep(app(done.status), run(driver('Succeeded', 0)), T0 + 65_000) as { status: SparkApplicationStatus };
    expect(completed.status.applicationState?.state).toBe('COMPLETED');
    expect(nextStep(app(completed.status), run(driver('Succeeded', 0)), T0 + 70_000)).toEqual({ kind: 'wait' });
  });

  it('fails a run whose driver exits non-zero, and with OnFailure reruns it once the interval has passed', () => {
    const policy = { type: 'OnFailure' as const, onFailureRetries: 1, onFailureRetryInterval: 30 };
    const failing = nextStep(app(submitted(), policy), run(driver('Failed', 1)), T0 + 60_000) as { status: SparkApplicationStatus };
    expect(failing.status.applicationState).toEqual({ state: 'FAILING', errorMessage: 'driver container failed with ExitCode: 1, Reason: Error' });
    // Interval × submission attempts since the last submission: 30 s after T0.
    expect(msUntilRetryDue(app(failing.status, policy), T0 + 10_000)).toBe(20_000);
    expect(nextStep(app(failing.status, policy), run(driver('Failed', 1)), T0 + 10_000)).toEqual({ kind: 'wait' });
    const rerun = nextStep(app(failing.status, policy), run(driver('Failed', 1)), T0 + 61_000);
    expect(rerun.kind).toBe('rerun');
    const pending = (rerun as { status: SparkApplicationStatus }).status;
    expect(pending).toEqual({ submissionID: 'sub-1', lastSubmissionAttemptTime: iso(T0), submissionAttempts: 1, executionAttempts: 1, driverInfo: {}, applicationState: { state: 'PENDING_RERUN' } });
    // The new attempt waits until the old driver pod and UI service are gone.
    expect(nextStep(app(pending, policy), run(driver('Failed', 1), [], false), T0 + 62_000)).toEqual({ kind: 'wait' });
    expect(nextStep(app(pending, policy), run(null, [], true), T0 + 62_000)).toEqual({ kind: 'wait' });
    expect(nextStep(app(pending, policy), run(null, [], false), T0 + 63_000)).toEqual({ kind: 'submit' });
    const second = submissionStatus(pending, { submissionId: 'sub-2', driverPodName: 'rollup-driver', nowMs: T0 + 63_000 }, { ok: true, appId: 'spark-bbb', uiServiceName: 'rollup-ui-svc', uiPort: 4040 });
    expect(second).toMatchObject({ submissionAttempts: 2, executionAttempts: 2, sparkApplicationId: 'spark-bbb', applicationState: { state: 'SUBMITTED' } });
    // Out of retries: the next failure is final.
    const again = nextStep(app(second, policy), run(driver('Failed', 1, 'spark-bbb')), T0 + 120_000) as { status: SparkApplicationStatus };
    expect(nextStep(app(again.status, policy), run(driver('Failed', 1, 'spark-bbb')), T0 + 500_000)).toMatchObject({ kind: 'update', status: { applicationState: { state: 'FAILED' } } });
  });

  it('records a submission failure, retries it per onSubmissionFailureRetries, then fails', () => {
    const policy = { type: 'OnFailure' as const, onSubmissionFailureRetries: 1, onSubmissionFailureRetryInterval: 60 };
    const failed = submissionStatus({}, { submissionId: 's1', driverPodName: 'rollup-driver', nowMs: T0 }, { ok: false, errorMessage: 'failed to submit spark application: boom' });
    expect(failed).toEqual({ submissionID: 's1', lastSubmissionAttemptTime: iso(T0), submissionAttempts: 1, driverInfo: { podName: 'rollup-driver' }, applicationState: { state: 'SUBMISSION_FAILED', errorMessage: 'failed to submit spark application: boom' } });
    expect(nextStep(app(failed, policy), run(null, [], false), T0 + 30_000)).toEqual({ kind: 'wait' });
    expect(nextStep(app(failed, policy), run(null, [], false), T0 + 60_000)).toEqual({ kind: 'submit' });
    const twice = submissionStatus(failed, { submissionId: 's2', driverPodName: 'rollup-driver', nowMs: T0 + 60_000 }, { ok: false, errorMessage: 'again' });
    expect(nextStep(app(twice, policy), run(null, [], false), T0 + 61_000)).toEqual({ kind: 'update', status: { ...twice, applicationState: { state: 'FAILED', errorMessage: 'again' }, terminationTime: iso(T0 + 61_000) } });
    // restartPolicy Never: straight to FAILED, the message kept.
    expect(nextStep(app(failed), run(null, [], false), T0 + 1000)).toMatchObject({ kind: 'update', status: { applicationState: { state: 'FAILED', errorMessage: 'failed to submit spark application: boom' } } });
  });

  it('fails a submitted run whose driver pod is missing past the grace period, and deletes an application past its TTL', () => {
    expect(nextStep(app(submitted()), run(null), T0 + 5000)).toEqual({ kind: 'wait' });
    expect(nextStep(app(submitted()), run(null), T0 + 11_000)).toMatchObject({ kind: 'update', status: { applicationState: { state: 'FAILING', errorMessage: 'driver pod not found' } } });
    const completed = { ...submitted(), applicationState: { state: 'COMPLETED' as const }, terminationTime: iso(T0) };
    expect(nextStep(app(completed, { type: 'Never' }, { timeToLiveSeconds: 600 }), run(null), T0 + 599_000)).toEqual({ kind: 'wait' });
    expect(nextStep(app(completed, { type: 'Never' }, { timeToLiveSeconds: 600 }), run(null), T0 + 601_000)).toEqual({ kind: 'expire' });
  });
});
