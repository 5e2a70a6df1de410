// A Kubernetes Event about a pod or claim, as the dashboard keeps it beside the executor (the
// API deletes events after an hour; we do not). Compact: no managedFields, no object refs.

import type { KubeEvent } from '../kube/types';

export interface PodEvent {
  /** The Event object's uid (a repeated event keeps its uid and raises its count). */
  id: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count: number;
  /** Epoch ms. */
  first: number;
  last: number;
  /** default-scheduler, kubelet, volcano, yunikorn, attachdetach-controller, … */
  source: string;
  /** Pod or PersistentVolumeClaim. */
  kind: string;
  /** The object's name (a claim's name, for claim events). */
  object: string;
}

const MAX_MESSAGE = 2000;

/** The compact event, or null when it names no object (an event we cannot join to anything). */
export function toPodEvent(e: KubeEvent, now: number): PodEvent | null {
  const obj = e.involvedObject;
  if (!obj?.name) return null;
  const time = (s: string | null | undefined) => { const t = Date.parse(s ?? ''); return Number.isFinite(t) ? t : null; };
  const last = time(e.lastTimestamp) ?? time(e.eventTime) ?? time(e.firstTimestamp) ?? time(e.metadata?.creationTimestamp) ?? now;
  const first = time(e.firstTimestamp) ?? time(e.eventTime) ?? last;
  return {
    id: e.metadata?.uid ?? `${e.metadata?.namespace ?? ''}/${e.metadata?.name ?? ''}`,
    type: e.type === 'Warning' ? 'Warning' : 'Normal',
    reason: typeof e.reason === 'string' ? e.reason : '',
    message: typeof e.message === 'string' ? e.message.slice(0, MAX_MESSAGE) : '',
    count: typeof e.count === 'number' && e.count > 0 ? e.count : 1,
    first, last,
    source: e.reportingComponent || e.source?.component || '',
    kind: obj.kind ?? 'Pod',
    object: obj.name,
  };
}
