// What a pod that is not running says about why, read from the pod itself: the PodScheduled
// condition the scheduler set (its message is the FailedScheduling text), or the first waiting
// container with its reason and message (ErrImagePull and the registry's answer,
// CreateContainerConfigError and the missing secret key, …). Init containers come first: a
// pod waits on them before its own containers.

import type { KubeContainerStatus, KubePod } from '../kube/types';

export interface PodWaiting {
  /** Unschedulable, SchedulingGated, ErrImagePull, ImagePullBackOff, CreateContainerConfigError, ContainerCreating, … */
  reason: string;
  message: string | null;
  /** The waiting container; null for the scheduler's condition. */
  container: string | null;
  /** When the condition last changed, for how long it has been so (epoch ms); null when unknown. */
  since: number | null;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
const MAX_MESSAGE = 2000;

export function podWaiting(pod: KubePod): PodWaiting | null {
  const status = pod.status;
  if (!status) return null;
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  const scheduled = conditions.find((c) => c?.type === 'PodScheduled');
  if (scheduled && scheduled.status === 'False') {
    const since = Date.parse(scheduled.lastTransitionTime ?? '');
    return { reason: str(scheduled.reason) ?? 'Unschedulable', message: str(scheduled.message)?.slice(0, MAX_MESSAGE) ?? null, container: null, since: Number.isFinite(since) ? since : null };
  }
  const lists: unknown[] = [status.initContainerStatuses, status.containerStatuses];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const s of list as KubeContainerStatus[]) {
      const waiting = s?.state?.waiting;
      const reason = str(waiting?.reason);
      if (reason) return { reason, message: str(waiting?.message)?.slice(0, MAX_MESSAGE) ?? null, container: str(s.name), since: null };
    }
  }
  return null;
}
