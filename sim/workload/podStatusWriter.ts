// Writes a pod's status the way a kubelet does: a merge patch on the /status subresource,
// or, if the API refuses that patch type, GET + PUT of the status. It only reports what
// happened; the kubelet decides to retry, re-read or forget the pod.

import type { KubePod, KubePodStatus } from '../../lib/kube/types';
import type { Logger } from '../../server/log';
import { classifyError, errorMessage, type RequestQueue, MERGE_PATCH } from './requestQueue';

/** ok; gone (404, or dropped because the pod went); again (retry now, in the other mode); rejected (422/400); failed (retry later). */
export type StatusWriteOutcome = 'ok' | 'gone' | 'again' | 'rejected' | 'failed';


export class PodStatusWriter {
  mode: 'patch' | 'put' = 'patch';

  constructor(private readonly queue: RequestQueue, private readonly log: Logger) {}

  async write(pod: { namespace: string; name: string }, status: KubePodStatus, unless: () => boolean): Promise<StatusWriteOutcome> {
    const path = `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`;
    try {
      if (this.mode === 'patch') {
        await this.queue.request('PATCH', `${path}/status`, { body: { status }, contentType: MERGE_PATCH, unless });
      } else {
        // A 409 here (someone wrote in between) is retried later with a fresh GET.
        const current = await this.queue.request<KubePod>('GET', path, { unless });
        await this.queue.request('PUT', `${path}/status`, { body: { ...current, status } });
      }
      return 'ok';
    } catch (e) {
      const cls = classifyError(e);
      if (cls === 'notFound' || cls === 'skipped') return 'gone';
      if (cls === 'unsupported' && this.mode === 'patch') {
        this.mode = 'put';
        this.log.warn('the API refused a merge patch on pods/status; the simulator writes statuses with GET + PUT', { error: errorMessage(e) });
        return 'again';
      }
      if (cls === 'invalid') {
        this.log.once('warn', `status-invalid:${errorMessage(e).slice(0, 80)}`, 'the API rejected a pod status; re-reading the pod', { pod: pod.name, error: errorMessage(e) });
        return 'rejected';
      }
      return 'failed';
    }
  }
}
