import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../kube/types';
import { appIdOf, appNameOf, executorIdOf, isInactiveExecutor, resourceProfileIdOf, sparkRoleOf } from '../labels';
import { DEFAULT_POD_STATE_OPTIONS, sparkPodState } from '../podState';
import type { PodStateOptions } from '../podState';
import {
  FIXTURE_APP_ID, FIXTURE_BASE_MS, FIXTURE_NAMESPACE, deletedExecutor, deletedWhileRunning, evictedExecutor, failedExecutor,
  finishedExecutorWithRunningSidecar, fixtureTime, fixtureUid, oomKilledExecutor, pendingExecutor, runningExecutor,
  runningExecutorWithTerminatedSidecar, sparkDriverPod, succeededExecutor, unregisteredExecutor,
} from './podFixtures';

const OFF: PodStateOptions = { ...DEFAULT_POD_STATE_OPTIONS, checkAllContainers: false };
const DRIVER: PodStateOptions = { checkAllContainers: true, sparkContainerName: 'spark-kubernetes-driver' };

describe('fixed times', () => {
  it('start at 2026-01-01T00:00:00Z', () => {
    expect(new Date(FIXTURE_BASE_MS).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(fixtureTime(0)).toBe('2026-01-01T00:00:00Z');
    expect(fixtureTime(61_000)).toBe('2026-01-01T00:01:01Z');
  });

  it('stamp executors by id', () => {
    const pod = runningExecutor(1);
    expect(pod.metadata?.creationTimestamp).toBe('2026-01-01T00:00:21Z');
    expect(pod.status?.startTime).toBe('2026-01-01T00:00:22Z');
    expect(pod.status?.containerStatuses?.[0].state?.running?.startedAt).toBe('2026-01-01T00:00:25Z');
    expect(succeededExecutor(1).status?.containerStatuses?.[0].state?.terminated?.finishedAt).toBe('2026-01-01T00:10:21Z');
  });
});

describe('every fixture', () => {
  it('is deterministic and a fresh object each call', () => {
    const a = failedExecutor(3, { exitCode: 2 });
    const b = failedExecutor(3, { exitCode: 2 });
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    a.metadata!.labels!['spark-role'] = 'changed';
    expect(b.metadata?.labels?.['spark-role']).toBe('executor');
  });

  it('has a stable uid per app and executor', () => {
    expect(runningExecutor(1).metadata?.uid).toBe(failedExecutor(1).metadata?.uid);
    expect(runningExecutor(1).metadata?.uid).not.toBe(runningExecutor(2).metadata?.uid);
    expect(runningExecutor(1, { appId: 'spark-other' }).metadata?.uid).not.toBe(runningExecutor(1).metadata?.uid);
    expect(runningExecutor(1).metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fixtureUid('x')).toBe(fixtureUid('x'));
  });

  it('moves the resourceVersion forward as an executor progresses', () => {
    const versions = [pendingExecutor(1), runningExecutor(1), failedExecutor(1), deletedExecutor(1)].map((p) => Number(p.metadata?.resourceVersion));
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions).size).toBe(4);
  });
});

describe('an executor pod', () => {
  const pod = runningExecutor(2);

  it('carries Spark\'s labels', () => {
    expect(pod.metadata?.labels).toEqual({
      'spark-app-name': 'nightly-etl',
      'spark-app-selector': FIXTURE_APP_ID,
      'spark-exec-id': '2',
      'spark-exec-resourceprofile-id': '0',
      'spark-role': 'executor',
      'spark-version': '4.1.1',
    });
    expect([appIdOf(pod), appNameOf(pod), sparkRoleOf(pod), executorIdOf(pod), resourceProfileIdOf(pod), isInactiveExecutor(pod)])
      .toEqual([FIXTURE_APP_ID, 'nightly-etl', 'executor', { kind: 'id', id: 2 }, 0, false]);
  });

  it('is named and owned as Spark names and owns it', () => {
    const driver = sparkDriverPod();
    expect(pod.metadata?.name).toBe('nightly-etl-3fa2c19b76daa800-exec-2');
    expect(pod.metadata?.namespace).toBe(FIXTURE_NAMESPACE);
    expect(pod.metadata?.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: driver.metadata?.name, uid: driver.metadata?.uid, controller: true },
    ]);
    expect(driver.metadata?.name).toBe('nightly-etl-3fa2c19b76daa800-driver');
  });

  it('has the executor container, Spark\'s volumes and restartPolicy Never', () => {
    const container = pod.spec?.containers?.[0];
    expect(container?.name).toBe('spark-kubernetes-executor');
    expect(container?.ports).toEqual([{ name: 'blockmanager', containerPort: 7079, protocol: 'TCP' }]);
    expect(container?.env?.find((e) => e.name === 'SPARK_EXECUTOR_ID')?.value).toBe('2');
    expect(container?.volumeMounts?.map((m) => m.name)).toEqual(['spark-local-dir-1', 'spark-conf-volume-exec']);
    expect(pod.spec?.volumes?.map((v) => v.name)).toEqual(['spark-local-dir-1', 'spark-conf-volume-exec']);
    expect(pod.spec?.restartPolicy).toBe('Never');
    expect(pod.spec?.nodeName).toBe('worker-3');
  });

  it('has a realistic container status', () => {
    const status = pod.status?.containerStatuses?.[0];
    expect(status).toMatchObject({ name: 'spark-kubernetes-executor', ready: true, started: true, restartCount: 0 });
    expect(status?.image).toBe('docker.io/apache/spark:4.1.1');
    expect(status?.imageID).toMatch(/^docker\.io\/apache\/spark@sha256:[0-9a-f]{64}$/);
    expect(status?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`))
      .toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  });

  it('takes options', () => {
    const custom = runningExecutor(4, {
      appId: 'spark-abc', namespace: 'team-a', appName: 'Big Join', uid: 'uid-4', resourceVersion: '99', nodeName: 'gpu-node-1',
      resourceProfileId: 2, sparkContainerName: 'executor',
    });
    expect(custom.metadata).toMatchObject({ name: 'big-join-3fa2c19b76daa800-exec-4', namespace: 'team-a', uid: 'uid-4', resourceVersion: '99' });
    expect(custom.metadata?.labels).toMatchObject({ 'spark-app-selector': 'spark-abc', 'spark-app-name': 'big-join', 'spark-exec-resourceprofile-id': '2' });
    expect(custom.spec?.nodeName).toBe('gpu-node-1');
    expect(custom.status?.containerStatuses?.[0].name).toBe('executor');
  });
});

describe('each named fixture', () => {
  const cases: [string, KubePod, string, string, boolean][] = [
    ['runningExecutor', runningExecutor(1), 'running', 'spark-container-not-terminated', false],
    ['pendingExecutor', pendingExecutor(1), 'pending', 'phase-pending', false],
    ['succeededExecutor', succeededExecutor(1), 'succeeded', 'phase-succeeded', false],
    ['failedExecutor', failedExecutor(1, { exitCode: 3, reason: 'Error', message: 'boom' }), 'failed', 'phase-failed', false],
    ['oomKilledExecutor', oomKilledExecutor(1), 'failed', 'phase-failed', false],
    ['deletedExecutor (Failed)', deletedExecutor(1), 'deleted', 'deleted', true],
    ['deletedExecutor (Pending)', deletedExecutor(1, { phase: 'Pending' }), 'deleted', 'deleted', true],
    ['deletedWhileRunning', deletedWhileRunning(1), 'running', 'spark-container-not-terminated', true],
    ['finishedExecutorWithRunningSidecar(0)', finishedExecutorWithRunningSidecar(1, 0), 'succeeded', 'spark-container-exit-zero', false],
    ['finishedExecutorWithRunningSidecar(1)', finishedExecutorWithRunningSidecar(1, 1), 'failed', 'all-containers-nonzero-exit', false],
    ['runningExecutorWithTerminatedSidecar(1)', runningExecutorWithTerminatedSidecar(1, 1), 'failed', 'all-containers-nonzero-exit', false],
    ['runningExecutorWithTerminatedSidecar(0)', runningExecutorWithTerminatedSidecar(1, 0), 'running', 'spark-container-not-terminated', false],
    ['unregisteredExecutor', unregisteredExecutor(), 'running', 'spark-container-not-terminated', false],
    ['evictedExecutor', evictedExecutor(1), 'failed', 'phase-failed', false],
  ];
  it.each(cases)('%s gets Spark\'s state', (_name, pod, state, rule, beingDeleted) => {
    expect(sparkPodState(pod, DEFAULT_POD_STATE_OPTIONS)).toEqual({ state, rule, beingDeleted });
  });

  it('shows what checkAllContainers changes', () => {
    expect(sparkPodState(runningExecutorWithTerminatedSidecar(1, 1), OFF).state).toBe('running');
    expect(sparkPodState(finishedExecutorWithRunningSidecar(1, 1), OFF).rule).toBe('spark-container-exit-nonzero');
  });

  it('lists the sidecar ahead of the Spark container, as pod templates do', () => {
    expect(finishedExecutorWithRunningSidecar(1, 0).status?.containerStatuses?.map((s) => s.name)).toEqual(['log-shipper', 'spark-kubernetes-executor']);
  });

  it('pending is unschedulable and on no node', () => {
    const pod = pendingExecutor(1);
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.containerStatuses).toBeUndefined();
    expect(pod.status?.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' })]);
  });

  it('deleted pods carry a deletionTimestamp and grace period', () => {
    expect(deletedExecutor(1).metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:10:49Z', deletionGracePeriodSeconds: 30 });
    expect(deletedWhileRunning(1).status?.phase).toBe('Running');
  });

  it('unregistered uses the EXECID placeholder and the statefulset allocator\'s Always', () => {
    const pod = unregisteredExecutor({ ordinal: 2 });
    expect(executorIdOf(pod)).toEqual({ kind: 'unregistered', reason: 'placeholder' });
    expect(pod.spec?.restartPolicy).toBe('Always');
    expect(pod.metadata?.name).toBe(`spark-s-${FIXTURE_APP_ID}-0-2`);
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: `spark-s-${FIXTURE_APP_ID}-0` });
  });

  it('evicted has the kubelet\'s reason, message and disruption condition', () => {
    const pod = evictedExecutor(1);
    expect(pod.status?.reason).toBe('Evicted');
    expect(pod.status?.message).toMatch(/^The node was low on resource: memory\./);
    expect(pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
  });
});

describe('the driver pod', () => {
  it('carries the driver labels, ports and volumes', () => {
    const driver = sparkDriverPod();
    expect(driver.metadata?.labels).toEqual({
      'spark-app-name': 'nightly-etl', 'spark-app-selector': FIXTURE_APP_ID, 'spark-role': 'driver', 'spark-version': '4.1.1',
    });
    expect(driver.spec?.containers?.[0].ports?.map((p) => `${p.name}:${p.containerPort}`))
      .toEqual(['driver-rpc-port:7078', 'blockmanager:7079', 'spark-ui:4040', 'spark-connect:15002']);
    expect(driver.spec?.volumes?.map((v) => v.name)).toEqual(['spark-local-dir-1', 'spark-conf-volume-driver']);
  });

  it.each([['Pending', 'pending'], ['Running', 'running'], ['Succeeded', 'succeeded'], ['Failed', 'failed']] as const)(
    'in phase %s is %s', (phase, state) => {
      expect(sparkPodState(sparkDriverPod({ phase }), DRIVER).state).toBe(state);
    },
  );

  it('fails with the given exit code', () => {
    expect(sparkDriverPod({ phase: 'Failed', exitCode: 11 }).status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(11);
  });
});
