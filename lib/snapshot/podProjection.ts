// Projects one Spark pod, as the API serves it, onto the row fields the live views need.
// The state is Spark's (lib/spark/podState); everything else is read defensively because
// any field of a pod may be missing or malformed.

import type { KubeContainerStatus, KubePod } from '../kube/types';
import { operatorAppLabelOf } from '../operator/operatorKinds';
import { parseKubeTime } from '../kube/timestamps';
import { appIdOf, appNameOf, executorIdOf, isInactiveExecutor, resourceProfileIdOf, sparkRoleOf } from '../spark/labels';
import type { PodStateDecision, PodStateOptions } from '../spark/podState';
import { DEFAULT_DRIVER_CONTAINER_NAME, DEFAULT_EXECUTOR_CONTAINER_NAME, sparkPodState } from '../spark/podState';
import type { ExecutorRow, PodRole } from './executorRow';

export interface ProjectionOptions {
  checkAllContainers: boolean;
  executorContainerName: string;
  driverContainerName: string;
}

export const DEFAULT_PROJECTION_OPTIONS: ProjectionOptions = {
  checkAllContainers: true,
  executorContainerName: DEFAULT_EXECUTOR_CONTAINER_NAME,
  driverContainerName: DEFAULT_DRIVER_CONTAINER_NAME,
};

/** A row without its slot and history: what one pod object says on its own. */
export type PodProjection = Omit<ExecutorRow, 'k' | 'since' | 'tr'>;

export interface ProjectedPod {
  projection: PodProjection;
  decision: PodStateDecision;
  namespace: string;
  appId: string;
  appName: string | null;
  /** The Spark operator application its labels name (Kubeflow's or Apache's app-name label); absent on pods no operator launched. */
  operatorApp?: string;
}

export function stateOptionsFor(role: PodRole, options: ProjectionOptions): PodStateOptions {
  return {
    checkAllContainers: options.checkAllContainers,
    sparkContainerName: role === 'driver' ? options.driverContainerName : options.executorContainerName,
  };
}

function asString(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function statusesOf(pod: KubePod): KubeContainerStatus[] {
  const list = pod.status?.containerStatuses;
  return Array.isArray(list) ? list.filter((s): s is KubeContainerStatus => !!s && typeof s === 'object') : [];
}

/** Deletion was requested at deletionTimestamp minus the grace period the API added to it. */
export function deletionRequestedAt(pod: KubePod, now: number): number | null {
  const ts = parseKubeTime(pod.metadata?.deletionTimestamp, now + (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000);
  if (ts === null) return null;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  return typeof grace === 'number' && grace > 0 && grace < 1e7 ? ts - grace * 1000 : ts;
}

function shortReason(pod: KubePod, spark: KubeContainerStatus | undefined): string | null {
  const state = spark?.state;
  const fromContainer = asString(state?.terminated?.reason) ?? asString(state?.waiting?.reason);
  if (fromContainer) return fromContainer;
  const podReason = asString(pod.status?.reason);
  if (podReason) return podReason;
  const conditions = Array.isArray(pod.status?.conditions) ? pod.status!.conditions! : [];
  const unscheduled = conditions.find((c) => c?.type === 'PodScheduled' && c.status === 'False');
  return asString(unscheduled?.reason);
}

export function projectPod(pod: KubePod, options: ProjectionOptions, observedAt: number): ProjectedPod {
  const meta = pod.metadata ?? {};
  const role: PodRole = sparkRoleOf(pod) ?? 'other';
  const decision = sparkPodState(pod, stateOptionsFor(role, options));
  const containerName = stateOptionsFor(role, options).sparkContainerName;
  const statuses = statusesOf(pod);
  const spark = statuses.find((s) => s.name === containerName);
  // When the all-containers rule decided, the container that failed tells the story.
  const failing = decision.rule === 'all-containers-nonzero-exit'
    ? statuses.find((s) => typeof s.state?.terminated?.exitCode === 'number' && s.state.terminated.exitCode !== 0)
    : undefined;
  const ended = failing ?? spark;
  const terminated = ended?.state?.terminated ?? null;
  const idLabel = executorIdOf(pod);
  const profile = resourceProfileIdOf(pod);
  const startedAt = parseKubeTime(spark?.state?.running?.startedAt ?? spark?.state?.terminated?.startedAt, observedAt);
  const restarts = statuses.reduce((n, s) => n + (Number.isFinite(s.restartCount) ? Math.max(0, s.restartCount as number) : 0), 0);

  const projection: PodProjection = {
    uid: asString(meta.uid) ?? `${meta.namespace ?? ''}/${meta.name ?? ''}`,
    name: asString(meta.name) ?? '(unnamed)',
    role,
    executorId: idLabel.kind === 'id' ? idLabel.id : null,
    badExecutorId: idLabel.kind === 'invalid' ? idLabel.raw : null,
    state: decision.state,
    phase: asString(pod.status?.phase),
    deleting: decision.beingDeleted && decision.state !== 'deleted',
    inactive: isInactiveExecutor(pod),
    gone: false,
    node: asString(pod.spec?.nodeName),
    restarts,
    profileId: typeof profile === 'number' ? profile : null,
    createdAt: parseKubeTime(meta.creationTimestamp, observedAt),
    startedAt,
    finishedAt: parseKubeTime(terminated?.finishedAt, observedAt),
    deletedAt: deletionRequestedAt(pod, observedAt),
    reason: shortReason(pod, ended),
    exitCode: typeof terminated?.exitCode === 'number' ? terminated.exitCode : null,
    anomaly: decision.anomaly ?? null,
  };
  const projected: ProjectedPod = { projection, decision, namespace: asString(meta.namespace) ?? '', appId: appIdOf(pod) ?? '', appName: appNameOf(pod) ?? null };
  const operatorApp = operatorAppLabelOf(meta.labels)?.name;
  if (operatorApp) projected.operatorApp = operatorApp;
  return projected;
}
