import { describe, expect, it } from 'vitest';
import { apachePhaseAt, readApacheApp } from './apacheStatus';
import type { OperatorApp } from './operatorApp';
import {
  APACHE_MESSAGES, APACHE_SCHEDULING_FAILURE_MESSAGE, APACHE_SUCCEEDED_STEPS, FIXTURE_CLUSTER, FIXTURE_NAMESPACE, apacheApp, apacheDriverStartTimeoutApp,
  apacheRestartedApp, apacheSchedulingFailureApp, apacheSucceededApp, apacheTrimmedRestartedApp,
} from './testing/fixtures';

const NOW = Date.UTC(2026, 0, 1, 1);
const at = (ms: number): number => Date.UTC(2026, 0, 1) + ms;
const read = (obj: unknown): OperatorApp => {
  const app = readApacheApp(obj, FIXTURE_CLUSTER, NOW);
  if (app === null) throw new Error('not read');
  return app;
};
const phases = (...raws: string[]): string[] => raws.map((_, i) => apachePhaseAt(raws.map((raw) => ({ raw })), i));

describe('apachePhaseAt', () => {
  it('maps each state word by meaning', () => {
    expect(phases(
      'Submitted', 'DriverRequested', 'DriverStarted', 'DriverReady', 'InitializedBelowThresholdExecutors', 'RunningHealthy',
      'RunningWithPartialCapacity', 'RunningWithBelowThresholdExecutors', 'Succeeded', 'ResourceReleased',
    )).toEqual(['submitted', 'submitted', 'running', 'running', 'running', 'running', 'running', 'running', 'succeeding', 'completed']);
  });

  it('reads every failure as failing until the operator releases it, then failed', () => {
    for (const failure of ['Failed', 'DriverStartTimedOut', 'ExecutorsStartTimedOut', 'DriverReadyTimedOut', 'DriverEvicted']) {
      expect(phases('Submitted', 'DriverRequested', failure, 'ResourceReleased')).toEqual(['submitted', 'submitted', 'failing', 'failed']);
      expect(phases('Submitted', 'DriverRequested', failure, 'TerminatedWithoutReleaseResources')[3]).toBe('failed');
    }
  });

  it('tells a scheduling failure before any driver (submission-failed) from one after', () => {
    expect(phases('Submitted', 'SchedulingFailure', 'ResourceReleased')).toEqual(['submitted', 'submission-failed', 'submission-failed']);
    expect(phases('Submitted', 'DriverRequested', 'SchedulingFailure', 'ResourceReleased')).toEqual(['submitted', 'submitted', 'failing', 'failed']);
    // A driver of an earlier attempt does not count.
    expect(phases('Submitted', 'DriverRequested', 'Failed', 'ScheduledToRestart', 'SchedulingFailure'))
      .toEqual(['submitted', 'submitted', 'failing', 'pending-rerun', 'submission-failed']);
  });

  it('reads a final state through the states before it', () => {
    expect(phases('Succeeded', 'TerminatedWithoutReleaseResources', 'ResourceReleased')).toEqual(['succeeding', 'completed', 'completed']);
    expect(phases('RunningHealthy', 'ResourceReleased')).toEqual(['running', 'failed']);
    expect(phases('ResourceReleased')).toEqual(['unknown']);
    expect(phases('Warping', 'ResourceReleased')).toEqual(['unknown', 'unknown']);
  });

  it('maps unknown words, and positions out of range, to unknown', () => {
    expect(phases('Hibernating', 'succeeded')).toEqual(['unknown', 'unknown']);
    expect(apachePhaseAt([], 0)).toBe('unknown');
  });
});

describe('readApacheApp', () => {
  it('reads an application that ran to success, with its whole history', () => {
    const app = read(apacheSucceededApp());
    expect(app).toMatchObject({
      key: `${FIXTURE_CLUSTER}/${FIXTURE_NAMESPACE}/pi`, operator: 'apache', apiVersion: 'spark.apache.org/v1', phase: 'completed', rawState: 'ResourceReleased',
      errorMessage: null, appId: 'pi-0', driverPodName: 'pi-0-driver', executionAttempts: 1, submissionAttempts: null, submissionId: null,
      lastSubmissionAt: at(100), terminatedAt: at(302_000), executorStates: {}, uiService: null, scheduledBy: null,
    });
    expect(app.history.map((e) => [e.raw, e.phase, e.attempt])).toEqual([
      ['Submitted', 'submitted', 1], ['DriverRequested', 'submitted', 1], ['DriverStarted', 'running', 1], ['DriverReady', 'running', 1],
      ['RunningHealthy', 'running', 1], ['Succeeded', 'succeeding', 1], ['ResourceReleased', 'completed', 1],
    ]);
    expect(app.history[0]).toEqual({ phase: 'submitted', raw: 'Submitted', at: at(100), message: APACHE_MESSAGES.submitted, attempt: 1 });
    expect(app.history[6].message).toBeNull();
  });

  it('summarises the spec, resolving the image\'s {{SPARK_VERSION}}', () => {
    expect(read(apacheSucceededApp()).spec).toEqual({
      type: null, mode: null, image: 'apache/spark:4.0.1-scala', mainClass: 'org.apache.spark.examples.SparkPi',
      mainFile: 'local:///opt/spark/examples/jars/spark-examples.jar', sparkVersion: '4.0.1',
      driver: { cores: null, memory: '1g', serviceAccount: 'spark' },
      executor: { instances: null, cores: '2', memory: '2g' },
      dynamicAllocation: { enabled: true, initial: 1, min: 1, max: 3 },
      restartPolicy: 'Never',
    });
  });

  it('reads a restarted application: its attempts, the second one\'s id, no error while it runs', () => {
    const app = read(apacheRestartedApp());
    expect(app).toMatchObject({
      phase: 'running', rawState: 'RunningHealthy', errorMessage: null, appId: 'pi-1', driverPodName: 'pi-1-driver', executionAttempts: 2,
      lastSubmissionAt: at(96_000), terminatedAt: null,
    });
    expect(app.history.map((e) => `${e.raw}#${e.attempt}`)).toEqual([
      'Submitted#1', 'DriverRequested#1', 'DriverStarted#1', 'DriverReady#1', 'RunningHealthy#1', 'Failed#1',
      'ScheduledToRestart#2', 'DriverRequested#2', 'DriverStarted#2', 'DriverReady#2', 'RunningHealthy#2',
    ]);
    expect(app.history[5]).toMatchObject({ phase: 'failing', message: APACHE_MESSAGES.driverFailed });
    expect(app.spec.restartPolicy).toBe('OnFailure: 1 restart, 30 s apart');
  });

  it('joins a history the operator trimmed at the restart back together', () => {
    const trimmed = read(apacheTrimmedRestartedApp());
    expect(trimmed.history).toEqual(read(apacheRestartedApp()).history);
  });

  it('reads a scheduling failure: submission-failed, with the operator\'s message', () => {
    const app = read(apacheSchedulingFailureApp());
    expect(app).toMatchObject({ phase: 'submission-failed', rawState: 'ResourceReleased', errorMessage: APACHE_SCHEDULING_FAILURE_MESSAGE, terminatedAt: at(900) });
    const failing = apacheApp([['Submitted', 100, APACHE_MESSAGES.submitted], ['SchedulingFailure', 900, APACHE_SCHEDULING_FAILURE_MESSAGE]]);
    expect(read(failing)).toMatchObject({ phase: 'submission-failed', rawState: 'SchedulingFailure', errorMessage: APACHE_SCHEDULING_FAILURE_MESSAGE });
  });

  it('reads a driver start timeout kept without releasing resources as failed, with the timeout as its error', () => {
    const app = read(apacheDriverStartTimeoutApp());
    expect(app).toMatchObject({
      phase: 'failed', rawState: 'TerminatedWithoutReleaseResources', errorMessage: APACHE_MESSAGES.driverLaunchTimeout, terminatedAt: at(31_300),
    });
    expect(app.appId).toBe('spark-example-driver-start-timeout-0');
  });

  it('gives no app id where the operator would hash a name too long for `<name>-<attempt>` (46 characters)', () => {
    const name = 'quarterly-revenue-reconciliation-backfill-2026';
    expect(read(apacheApp(APACHE_SUCCEEDED_STEPS, { name: name.slice(0, 44) })).appId).toBe(`${name.slice(0, 44)}-0`);
    expect(read(apacheApp(APACHE_SUCCEEDED_STEPS, { name: name.slice(0, 45) }))).toMatchObject({ appId: null, driverPodName: null });
  });

  it('takes spark.app.id and the driver pod name from sparkConf when set', () => {
    const obj = apacheSucceededApp();
    const conf = (obj.spec as { sparkConf: Record<string, string> }).sparkConf;
    conf['spark.app.id'] = 'pi-custom';
    expect(read(obj)).toMatchObject({ appId: 'pi-custom', driverPodName: 'pi-custom-driver' });
    conf['spark.kubernetes.driver.pod.name'] = 'pi-drv';
    expect(read(obj).driverPodName).toBe('pi-drv');
  });

  it('reads an application the operator has not seen: new', () => {
    const obj = apacheSucceededApp();
    delete obj.status;
    expect(read(obj)).toMatchObject({ phase: 'new', rawState: '', history: [], executionAttempts: null, appId: 'pi-0', lastSubmissionAt: null });
  });

  it('reads a current state the history lacks, and a history without attempt summaries', () => {
    const obj = apacheSucceededApp();
    const status = obj.status as Record<string, unknown>;
    status.stateTransitionHistory = {};
    delete status.currentAttemptSummary;
    const app = read(obj);
    expect(app).toMatchObject({ phase: 'unknown', rawState: 'ResourceReleased', executionAttempts: null });
    expect(app.history).toEqual([{ phase: 'unknown', raw: 'ResourceReleased', at: at(303_500), message: null, attempt: null }]);

    const counted = apacheSucceededApp();
    delete (counted.status as Record<string, unknown>).currentAttemptSummary;
    expect(read(counted).history.every((e) => e.attempt === 1)).toBe(true);
  });

  it('orders the history by key read as a number', () => {
    const obj = apacheSucceededApp();
    const history = (obj.status as Record<string, Record<string, unknown>>).stateTransitionHistory;
    // Object keys iterate integer-like ones first, so "09" would come after "10" without the numeric reading.
    (obj.status as Record<string, unknown>).stateTransitionHistory = { '8': history['0'], '09': history['5'], '10': history['6'] };
    (obj.status as Record<string, unknown>).currentState = history['6'];
    expect(read(obj).history.map((e) => [e.raw, e.phase])).toEqual([['Submitted', 'submitted'], ['Succeeded', 'succeeding'], ['ResourceReleased', 'completed']]);
  });

  it('bounds a long history, keeping the first state', () => {
    const steps = [APACHE_SUCCEEDED_STEPS[0]];
    for (let i = 0; i < 40; i++) steps.push(['Failed', 1000 + i * 10, APACHE_MESSAGES.driverFailed], ['ScheduledToRestart', 1005 + i * 10, '']);
    const app = read(apacheApp(steps, { attemptId: 40 }));
    expect(app.history).toHaveLength(50);
    expect(app.history[0]).toMatchObject({ raw: 'Submitted', attempt: 1 });
    expect(app.history[49]).toMatchObject({ raw: 'ScheduledToRestart', attempt: 41, phase: 'pending-rerun' });
    expect(app.executionAttempts).toBe(41);
  });

  it('is null for an object that names nothing, and never throws on malformed fields', () => {
    for (const broken of [null, 'pi', [], { metadata: { name: 'pi', namespace: 'n' } }]) expect(readApacheApp(broken, FIXTURE_CLUSTER)).toBeNull();
    const app = read({
      metadata: { name: 'pi', namespace: 'n', uid: 'u' },
      spec: 7,
      status: {
        currentState: 'RunningHealthy',
        stateTransitionHistory: { 0: { currentStateSummary: 3, lastTransitionTime: 'now' }, x: { currentStateSummary: 'Failed' }, 1: null, '-1': {} },
        currentAttemptSummary: { attemptInfo: { id: 'one' } },
        previousAttemptSummary: { stateTransitionHistory: [] },
      },
    });
    expect(app).toMatchObject({ phase: 'unknown', rawState: '3', appId: 'pi-0', executionAttempts: null });
    expect(app.history).toEqual([{ phase: 'unknown', raw: '3', at: null, message: null, attempt: 1 }]);
  });
});
