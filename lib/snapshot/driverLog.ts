// The driver's state log: one entry per change of the driver pod, in the spirit of
// spark-submit's LoggingPodStatusWatcher ("State changed, new state: <formatted pod>"),
// so a user sees what spark-submit would have printed, with the time of each change.

import type { KubePod } from '../kube/types';
import type { ExecutorPodState } from '../spark/podState';
import { formatPodState } from '../spark/exitReason';

export interface DriverLogEntry {
  at: number;
  podName: string;
  phase: string | null;
  state: ExecutorPodState;
  /** What changed, in a few words ("phase Pending → Running", "container spark-kubernetes-driver terminated (exit 1)"). */
  change: string;
  /** The pod formatted exactly as Spark's KubernetesUtils.formatPodState. */
  formatted: string;
}

/** A short signature of what LoggingPodStatusWatcher would show; entries are logged when it changes. */
export function driverSignature(pod: KubePod, state: ExecutorPodState): string {
  const containers = (pod.status?.containerStatuses ?? []).map((c) => {
    const s = c?.state;
    const kind = s?.running ? 'running' : s?.terminated ? `terminated:${s.terminated.exitCode}` : s?.waiting ? `waiting:${s.waiting.reason ?? ''}` : 'none';
    return `${c?.name}=${kind}`;
  });
  return [pod.metadata?.name, pod.status?.phase, state, pod.metadata?.deletionTimestamp ? 'deleting' : '', pod.spec?.nodeName ?? '', ...containers].join('|');
}

export function describeDriverChange(prev: string | null, next: string): string {
  if (prev === null) return 'first seen';
  const a = prev.split('|'), b = next.split('|');
  const parts: string[] = [];
  if (a[1] !== b[1]) parts.push(`phase ${a[1] || 'none'} → ${b[1] || 'none'}`);
  if (a[2] !== b[2]) parts.push(`state ${a[2]} → ${b[2]}`);
  if (a[3] !== b[3]) parts.push(b[3] ? 'deletion requested' : 'deletion cleared');
  if (a[4] !== b[4]) parts.push(`scheduled on ${b[4] || 'no node'}`);
  const before = new Map(a.slice(5).map((c) => c.split('=') as [string, string]));
  for (const c of b.slice(5)) {
    const [name, kind] = c.split('=');
    if (before.get(name) !== kind) parts.push(`container ${name} ${kind.replace(':', ' ')}`);
  }
  return parts.length ? parts.join('; ') : 'updated';
}

export function driverLogEntry(pod: KubePod, state: ExecutorPodState, at: number, change: string): DriverLogEntry {
  return {
    at,
    podName: pod.metadata?.name ?? '(unnamed)',
    phase: pod.status?.phase ?? null,
    state,
    change,
    formatted: formatPodState(pod),
  };
}
