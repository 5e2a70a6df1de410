// What a kubelet (and the scheduler) would write into a pod's status, computed from a small
// runtime record: pure, so the status of every stage can be checked without a cluster.
// Containers only move forward (waiting → running → terminated), as the real API demands
// for restartPolicy Never; conditions keep their lastTransitionTime until they change.

import type { KubeContainerStatus, KubePodCondition, KubePodSpec, KubePodStatus } from '../../lib/kube/types';

export type ContainerStage = 'waiting' | 'running' | 'terminated';

export interface ContainerRuntime {
  name: string;
  image: string;
  imageID: string;
  containerID: string;
  /** An init container with restartPolicy Always (a native sidecar). */
  nativeSidecar: boolean;
  stage: ContainerStage;
  waitingReason: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
  message?: string;
}

export interface PodRuntime {
  scheduled: 'no' | 'unschedulable' | 'yes';
  unschedulableMessage?: string;
  hostIP?: string;
  podIP?: string;
  startTime?: string;
  sandboxReady: boolean;
  containers: ContainerRuntime[];
  initContainers: ContainerRuntime[];
  evictionMessage?: string;
  conditionTimes: Record<string, { status: string; at: string }>;
}

export interface ContainerIds {
  imageID(image: string): string;
  containerID(): string;
}

export function newPodRuntime(spec: KubePodSpec, ids: ContainerIds): PodRuntime {
  const hasInit = (spec.initContainers?.length ?? 0) > 0;
  const make = (c: { name: string; image?: string; restartPolicy?: string }, init: boolean): ContainerRuntime => ({
    name: c.name,
    image: c.image ?? '',
    imageID: ids.imageID(c.image ?? ''),
    containerID: ids.containerID(),
    nativeSidecar: init && c.restartPolicy === 'Always',
    stage: 'waiting',
    waitingReason: !init && hasInit ? 'PodInitializing' : 'ContainerCreating',
  });
  return {
    scheduled: 'no',
    sandboxReady: false,
    containers: (spec.containers ?? []).map((c) => make(c, false)),
    initContainers: (spec.initContainers ?? []).map((c) => make(c, true)),
    conditionTimes: {},
  };
}

export function startContainer(c: ContainerRuntime, at: string): void {
  if (c.stage !== 'waiting') return;
  c.stage = 'running';
  c.startedAt = at;
}

/** Terminates a container; a container that never ran ends without a start time. */
export function terminateContainer(c: ContainerRuntime, at: string, exitCode: number, reason?: string, message?: string): void {
  if (c.stage === 'terminated') return;
  c.stage = 'terminated';
  c.finishedAt = at;
  c.exitCode = exitCode;
  c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
  if (message) c.message = message;
}

export function podPhase(rt: PodRuntime): string {
  if (rt.scheduled !== 'yes') return 'Pending';
  if (rt.evictionMessage) return 'Failed';
  const main = rt.containers;
  if (main.length > 0 && main.every((c) => c.stage === 'terminated')) return main.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed';
  if (main.some((c) => c.stage !== 'waiting')) return 'Running';
  return 'Pending';
}

function containerStatus(c: ContainerRuntime): KubeContainerStatus {
  const base = { name: c.name, image: c.image, restartCount: 0 };
  if (c.stage === 'waiting') {
    return { ...base, imageID: '', ready: false, started: false, state: { waiting: { reason: c.waitingReason } }, lastState: {} };
  }
  const containerID = `containerd://${c.containerID}`;
  if (c.stage === 'running') {
    return { ...base, imageID: c.imageID, containerID, ready: true, started: true, state: { running: { startedAt: c.startedAt } }, lastState: {} };
  }
  const terminated: NonNullable<NonNullable<KubeContainerStatus['state']>['terminated']> = { exitCode: c.exitCode, reason: c.reason };
  if (c.message) terminated.message = c.message;
  if (c.startedAt) terminated.startedAt = c.startedAt;
  terminated.finishedAt = c.finishedAt;
  terminated.containerID = containerID;
  return { ...base, imageID: c.imageID, containerID, ready: false, started: false, state: { terminated }, lastState: {} };
}

const names = (cs: ContainerRuntime[]) => `[${cs.map((c) => c.name).join(' ')}]`;

/** The status a kubelet would report now; records condition transition times in `rt`. */
export function computePodStatus(rt: PodRuntime, at: string): KubePodStatus {
  const conditions: KubePodCondition[] = [];
  const condition = (type: string, status: 'True' | 'False', reason?: string, message?: string) => {
    const prev = rt.conditionTimes[type];
    if (!prev || prev.status !== status) rt.conditionTimes[type] = { status, at };
    const c: KubePodCondition = { type, status, lastProbeTime: null, lastTransitionTime: rt.conditionTimes[type]!.at };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    conditions.push(c);
  };
  const phase = podPhase(rt);

  if (rt.scheduled !== 'yes') {
    if (rt.scheduled === 'unschedulable') condition('PodScheduled', 'False', 'Unschedulable', rt.unschedulableMessage);
    return { phase, conditions };
  }

  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (rt.evictionMessage) condition('DisruptionTarget', 'True', 'TerminationByKubelet', rt.evictionMessage);
  condition('PodReadyToStartContainers', rt.sandboxReady && !terminal ? 'True' : 'False');
  const initPending = rt.initContainers.filter((c) => (c.nativeSidecar ? c.stage === 'waiting' : c.stage !== 'terminated'));
  if (initPending.length === 0) condition('Initialized', 'True', terminal && phase === 'Succeeded' ? 'PodCompleted' : undefined);
  else condition('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: ${names(initPending)}`);
  const unready = rt.containers.filter((c) => c.stage !== 'running');
  const readyReason = terminal ? (phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed') : 'ContainersNotReady';
  if (unready.length === 0) {
    condition('Ready', 'True');
    condition('ContainersReady', 'True');
  } else {
    const message = terminal ? undefined : `containers with unready status: ${names(unready)}`;
    condition('Ready', 'False', readyReason, message);
    condition('ContainersReady', 'False', readyReason, message);
  }
  condition('PodScheduled', 'True');

  const status: KubePodStatus = { phase, conditions };
  if (rt.evictionMessage) {
    status.reason = 'Evicted';
    status.message = rt.evictionMessage;
  }
  if (rt.hostIP) Object.assign(status, { hostIP: rt.hostIP, hostIPs: [{ ip: rt.hostIP }] });
  if (rt.podIP && rt.sandboxReady) Object.assign(status, { podIP: rt.podIP, podIPs: [{ ip: rt.podIP }] });
  if (rt.startTime) status.startTime = rt.startTime;
  if (rt.initContainers.length > 0) status.initContainerStatuses = rt.initContainers.map(containerStatus);
  status.containerStatuses = rt.containers.map(containerStatus);
  return status;
}

/** Kubernetes writes times as RFC 3339 with whole seconds. */
export function kubeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
