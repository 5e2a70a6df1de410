// Kubernetes Events (core/v1) about the simulated pods: the scheduler's FailedScheduling and
// the driver's forbidden-request warnings. Best effort: an API that does not serve events
// (404, 405) turns the recorder off after one log line; any other failure is only counted.
// Only the newest `keep` events stay, the oldest are deleted: kube-apiserver's --event-ttl
// does that on a real cluster, and the embedded one must not grow for ever.

import type { KubeEvent } from '../../lib/kube/types';
import type { Logger } from '../../server/log';
import { classifyError, errorMessage, type RequestQueue } from './requestQueue';
import { kubeTime } from './podStatus';

export interface EventTarget {
  /** Pod unless said otherwise. */
  kind?: 'Pod' | 'PersistentVolumeClaim';
  name: string;
  namespace: string;
  uid: string | null;
}

export interface EventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host?: string;
}

export interface EventRecorder {
  record(target: EventTarget, input: EventInput): Promise<void>;
  readonly stats: { created: number; failed: number; expired: number; supported: boolean | null };
}

export function createEventRecorder(queue: RequestQueue, log: Logger, wallNow: () => number, keep = 1000): EventRecorder {
  const stats = { created: 0, failed: 0, expired: 0, supported: null as boolean | null };
  const kept: string[] = [];
  let serial = 0;
  return {
    stats,
    async record(target, input) {
      if (stats.supported === false) return;
      const now = wallNow();
      const at = kubeTime(now);
      // kube names events <object>.<unix nanoseconds in hex>; a counter keeps them unique.
      const name = `${target.name}.${(now * 1000 + (serial++ % 1000)).toString(16)}000`;
      const event: KubeEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: target.namespace },
        involvedObject: { apiVersion: 'v1', kind: target.kind ?? 'Pod', name: target.name, namespace: target.namespace, ...(target.uid ? { uid: target.uid } : {}) },
        reason: input.reason,
        message: input.message,
        type: input.type,
        count: 1,
        firstTimestamp: at,
        lastTimestamp: at,
        source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
        reportingComponent: input.component,
      };
      try {
        await queue.request('POST', `/api/v1/namespaces/${target.namespace}/events`, { body: event });
        stats.created++;
        stats.supported = true;
        kept.push(`/api/v1/namespaces/${target.namespace}/events/${name}`);
        if (kept.length > keep) {
          stats.expired++;
          await queue.request('DELETE', kept.shift()!).catch(() => undefined);
        }
      } catch (e) {
        stats.failed++;
        const cls = classifyError(e);
        if ((cls === 'notFound' || cls === 'unsupported') && stats.supported !== true) {
          stats.supported = false;
          log.info('the API does not serve core/v1 events; the simulator will not record any', { error: errorMessage(e) });
        } else {
          log.once('debug', `event:${cls}`, 'could not record an event', { error: errorMessage(e) });
        }
      }
    },
  };
}
