// Named, deterministic Spark pods for unit tests, contract tests, simulator scenarios and
// benchmarks, after Spark's ExecutorLifecycleTestUtils but shaped like real API objects and
// stamped with fixed times (2026-01-01T00:00:00Z plus offsets). Each call returns a new object.

import type { KubeContainerState, KubeOwnerReference, KubePod, KubePodCondition } from '../../kube/types';
import { EXECUTOR_ID_PLACEHOLDER } from '../labels';
import { DEFAULT_DRIVER_CONTAINER_NAME } from '../podState';
import type { FixtureOptions, ResolvedFixture } from './fixtureParts';
import {
  FIXTURE_SPARK_VERSION, FIXTURE_UNIQUE_ID, commonLabels, condition, containerStatus, driverContainer,
  driverPodName, driverUid, executorContainer, fixtureTime, fixtureUid, hostIp, podIp, resolveOptions, scheduledConditions, sidecarContainer,
} from './fixtureParts';

export {
  FIXTURE_APP_ID, FIXTURE_APP_NAME, FIXTURE_BASE_MS, FIXTURE_IMAGE, FIXTURE_NAMESPACE, FIXTURE_SIDECAR_NAME,
  FIXTURE_SPARK_VERSION, FIXTURE_UNIQUE_ID, fixtureTime, fixtureUid,
} from './fixtureParts';
export type { FixtureOptions } from './fixtureParts';

export const FIXTURE_UNSCHEDULABLE_MESSAGE = '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
export const FIXTURE_EVICTION_MESSAGE = 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container spark-kubernetes-executor was using 4613244Ki, request is 4505Mi, has larger consumption of memory.';

/** When things happen to executor `id`, as offsets from the base time. */
export function executorTimes(id: number): { created: number; scheduled: number; started: number; finished: number } {
  const created = 20_000 + id * 1000;
  return { created, scheduled: created + 1000, started: created + 4000, finished: created + 600_000 };
}

type Times = ReturnType<typeof executorTimes>;
type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

const running = (t: Times): KubeContainerState => ({ running: { startedAt: fixtureTime(t.started) } });
const waiting = (reason: string): KubeContainerState => ({ waiting: { reason } });
function terminated(t: Times, exitCode: number, reason = exitCode === 0 ? 'Completed' : 'Error', message?: string): KubeContainerState {
  return {
    terminated: {
      exitCode, reason, ...(message === undefined ? {} : { message }), startedAt: fixtureTime(t.started), finishedAt: fixtureTime(t.finished),
    },
  };
}

interface ExecutorParts {
  phase: Phase;
  /** The Spark container's state; absent while the pod is unscheduled. */
  spark?: KubeContainerState;
  /** A log-shipping sidecar ahead of the Spark container, as pod templates add them. */
  sidecar?: KubeContainerState;
  podReason?: string;
  podMessage?: string;
  deletionAt?: number;
  conditions?: KubePodCondition[];
  /** Later fixtures of the same executor get higher resourceVersions. */
  step: number;
}

interface Identity {
  name: string;
  uid: string;
  execId: string;
  index: number;
  restartPolicy: string;
  owner: KubeOwnerReference;
  extraLabels?: Record<string, string>;
}

function hostnameOf(name: string): string {
  return name.slice(Math.max(0, name.length - 63)).replace(/^\W+/, '').replace(/[^\w-]+/g, '_');
}

function buildExecutor(r: ResolvedFixture, who: Identity, t: Times, parts: ExecutorParts): KubePod {
  const spark = executorContainer(r, who.execId);
  const containers = parts.sidecar ? [sidecarContainer(), spark] : [spark];
  const statuses = parts.spark === undefined ? undefined
    : containers.map((c) => containerStatus(who.uid, c, c === spark ? parts.spark! : parts.sidecar!));
  const ready = statuses !== undefined && statuses.every((s) => s.state?.running != null);
  const started = statuses?.some((s) => s.state?.running != null || s.state?.terminated != null) ?? false;
  const notReady = parts.phase === 'Succeeded' ? 'PodCompleted' : parts.phase === 'Failed' ? 'PodFailed' : 'ContainersNotReady';
  const conditions = parts.conditions ?? (statuses === undefined
    ? [condition('PodScheduled', 'False', t.created, { reason: 'Unschedulable', message: FIXTURE_UNSCHEDULABLE_MESSAGE })]
    : scheduledConditions(t.scheduled, ready ? t.started : t.finished, ready, notReady));
  const base = commonLabels(r, 'executor');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: who.name,
      namespace: r.namespace,
      uid: who.uid,
      resourceVersion: r.resourceVersion ?? String(40_000 + who.index * 10 + parts.step),
      creationTimestamp: fixtureTime(t.created),
      ...(parts.deletionAt === undefined ? {} : { deletionTimestamp: fixtureTime(parts.deletionAt), deletionGracePeriodSeconds: 30 }),
      labels: {
        ...who.extraLabels,
        'spark-app-name': base['spark-app-name'],
        'spark-app-selector': base['spark-app-selector'],
        'spark-exec-id': who.execId,
        'spark-exec-resourceprofile-id': String(r.resourceProfileId),
        'spark-role': 'executor',
        'spark-version': FIXTURE_SPARK_VERSION,
      },
      ownerReferences: [who.owner],
    },
    spec: {
      containers,
      volumes: [
        { name: 'spark-local-dir-1', emptyDir: {} },
        { name: 'spark-conf-volume-exec', configMap: { name: `spark-exec-${FIXTURE_UNIQUE_ID}-conf-map`, defaultMode: 420 } },
      ],
      restartPolicy: who.restartPolicy,
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'spark',
      serviceAccount: 'spark',
      hostname: hostnameOf(who.name),
      ...(statuses === undefined ? {} : { nodeName: r.nodeName }),
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: parts.phase,
      ...(parts.podReason === undefined ? {} : { reason: parts.podReason }),
      ...(parts.podMessage === undefined ? {} : { message: parts.podMessage }),
      conditions,
      ...(statuses === undefined ? {} : { hostIP: hostIp(r.nodeName), startTime: fixtureTime(t.scheduled) }),
      ...(started ? { podIP: podIp(who.index) } : {}),
      qosClass: 'Burstable',
      ...(statuses === undefined ? {} : { containerStatuses: statuses }),
    },
  };
}

function executor(id: number, opts: FixtureOptions, parts: ExecutorParts): KubePod {
  const r = resolveOptions(opts, `worker-${1 + (id % 3)}`);
  const name = `${r.prefix}-exec-${id}`;
  const owner: KubeOwnerReference = { apiVersion: 'v1', kind: 'Pod', name: driverPodName(r), uid: driverUid(r), controller: true };
  const who = { name, uid: r.uid ?? fixtureUid(`${r.appId}/exec/${id}`), execId: String(id), index: id, restartPolicy: 'Never', owner };
  return buildExecutor(r, who, executorTimes(id), parts);
}

export function runningExecutor(id: number, opts: FixtureOptions = {}): KubePod {
  return executor(id, opts, { phase: 'Running', spark: running(executorTimes(id)), step: 2 });
}

/** Not scheduled: PodScheduled is False with reason Unschedulable (not enough memory). */
export function pendingExecutor(id: number, opts: FixtureOptions = {}): KubePod {
  return executor(id, opts, { phase: 'Pending', step: 1 });
}

export function succeededExecutor(id: number, opts: FixtureOptions = {}): KubePod {
  return executor(id, opts, { phase: 'Succeeded', spark: terminated(executorTimes(id), 0), step: 3 });
}

export interface FailureOptions extends FixtureOptions {
  exitCode?: number;
  /** The container's termination reason; default "Error". */
  reason?: string;
  /** The container's termination message. */
  message?: string;
  podReason?: string;
  podMessage?: string;
}

/** Phase Failed, with the Spark container terminated by the given exit (default 1, "Error"). */
export function failedExecutor(id: number, failure: FailureOptions = {}): KubePod {
  const { exitCode = 1, reason, message, podReason, podMessage, ...opts } = failure;
  return executor(id, opts, { phase: 'Failed', spark: terminated(executorTimes(id), exitCode, reason, message), podReason, podMessage, step: 3 });
}

export function oomKilledExecutor(id: number, opts: FixtureOptions = {}): KubePod {
  return failedExecutor(id, { ...opts, exitCode: 137, reason: 'OOMKilled' });
}

/**
 * Deleted as Spark sees it: a deletionTimestamp and a phase other than Running. Phase Failed
 * is what a deleted running executor becomes after SIGTERM (exit 143); Pending is a pod
 * deleted while its container was still being created.
 */
export function deletedExecutor(id: number, opts: FixtureOptions & { phase?: 'Failed' | 'Pending' } = {}): KubePod {
  const { phase = 'Failed', ...rest } = opts;
  const t = executorTimes(id);
  return phase === 'Failed'
    ? executor(id, rest, { phase, spark: terminated(t, 143), deletionAt: t.finished + 28_000, step: 4 })
    : executor(id, rest, { phase, spark: waiting('ContainerCreating'), deletionAt: t.scheduled + 32_000, step: 4 });
}

/** Deletion requested, grace period running: phase still Running, so Spark still counts it as running. */
export function deletedWhileRunning(id: number, opts: FixtureOptions = {}): KubePod {
  const t = executorTimes(id);
  return executor(id, opts, { phase: 'Running', spark: running(t), deletionAt: t.started + 330_000, step: 4 });
}

/** Spark container exited with `exitCode` while the sidecar keeps the pod Running. */
export function finishedExecutorWithRunningSidecar(id: number, exitCode: number, opts: FixtureOptions = {}): KubePod {
  const t = executorTimes(id);
  return executor(id, opts, { phase: 'Running', spark: terminated(t, exitCode), sidecar: running(t), step: 3 });
}

/** Spark container running; the sidecar exited with `sidecarExitCode`. */
export function runningExecutorWithTerminatedSidecar(id: number, sidecarExitCode: number, opts: FixtureOptions = {}): KubePod {
  const t = executorTimes(id);
  return executor(id, opts, { phase: 'Running', spark: running(t), sidecar: terminated(t, sidecarExitCode), step: 3 });
}

/** Evicted by the kubelet under memory pressure: phase Failed, reason Evicted, container killed. */
export function evictedExecutor(id: number, opts: FixtureOptions = {}): KubePod {
  const t = executorTimes(id);
  const conditions = [
    ...scheduledConditions(t.scheduled, t.finished, false, 'PodFailed'),
    condition('DisruptionTarget', 'True', t.finished, { reason: 'TerminationByKubelet', message: FIXTURE_EVICTION_MESSAGE }),
  ];
  return executor(id, opts, {
    phase: 'Failed', spark: terminated(t, 137), podReason: 'Evicted', podMessage: FIXTURE_EVICTION_MESSAGE, conditions, step: 3,
  });
}

/**
 * A statefulset-allocator pod before its executor registered: spark-exec-id is the EXECID
 * placeholder (Spark leaves it out of the snapshot) and restartPolicy is Always.
 */
export function unregisteredExecutor(opts: FixtureOptions & { ordinal?: number } = {}): KubePod {
  const { ordinal = 0, ...rest } = opts;
  const r = resolveOptions(rest, `worker-${1 + (ordinal % 3)}`);
  const statefulSet = `spark-s-${r.appId}-${r.resourceProfileId}`;
  const name = `${statefulSet}-${ordinal}`;
  const owner: KubeOwnerReference = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', name: statefulSet, uid: fixtureUid(`${r.appId}/${statefulSet}`), controller: true, blockOwnerDeletion: true,
  };
  const extraLabels = {
    'apps.kubernetes.io/pod-index': String(ordinal),
    'controller-revision-hash': `${statefulSet}-${fixtureUid(statefulSet).slice(0, 10)}`,
    'statefulset.kubernetes.io/pod-name': name,
  };
  const who = {
    name, uid: r.uid ?? fixtureUid(`${r.appId}/${name}`), execId: EXECUTOR_ID_PLACEHOLDER, index: 500 + ordinal, restartPolicy: 'Always', owner, extraLabels,
  };
  const t = executorTimes(ordinal);
  return buildExecutor(r, who, t, { phase: 'Running', spark: running(t), step: 2 });
}

export interface DriverOptions extends FixtureOptions {
  phase?: Phase;
  /** Exit code of the driver container when phase is Failed; default 1. */
  exitCode?: number;
}

/** The driver pod: owner of every executor pod (their ownerReferences point at it). */
export function sparkDriverPod(opts: DriverOptions = {}): KubePod {
  const { phase = 'Running', exitCode = 1, ...rest } = opts;
  const r = resolveOptions(rest, 'worker-1', DEFAULT_DRIVER_CONTAINER_NAME);
  const uid = r.uid ?? driverUid(r);
  const t: Times = { created: 0, scheduled: 1000, started: 5000, finished: 3_600_000 };
  const container = driverContainer(r);
  const state = phase === 'Pending' ? waiting('ContainerCreating')
    : phase === 'Running' ? running(t) : terminated(t, phase === 'Succeeded' ? 0 : exitCode);
  const ready = phase === 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: driverPodName(r),
      namespace: r.namespace,
      uid,
      resourceVersion: r.resourceVersion ?? String(30_000 + ['Pending', 'Running', 'Succeeded', 'Failed'].indexOf(phase)),
      creationTimestamp: fixtureTime(t.created),
      labels: commonLabels(r, 'driver'),
    },
    spec: {
      containers: [container],
      volumes: [
        { name: 'spark-local-dir-1', emptyDir: {} },
        { name: 'spark-conf-volume-driver', configMap: { name: `spark-drv-${FIXTURE_UNIQUE_ID}-conf-map`, defaultMode: 420 } },
      ],
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'spark',
      serviceAccount: 'spark',
      nodeName: r.nodeName,
      schedulerName: 'default-scheduler',
    },
    status: {
      phase,
      conditions: scheduledConditions(t.scheduled, ready ? t.started : t.finished, ready,
        phase === 'Succeeded' ? 'PodCompleted' : phase === 'Failed' ? 'PodFailed' : 'ContainersNotReady'),
      hostIP: hostIp(r.nodeName),
      ...(phase === 'Pending' ? {} : { podIP: podIp(0) }),
      startTime: fixtureTime(t.scheduled),
      qosClass: 'Burstable',
      containerStatuses: [containerStatus(uid, container, state)],
    },
  };
}
