// The admission plugins a pod create passes on its way to storage, beyond the defaults and
// strategy of podStrategy.ts: LimitRanger (mutating: container defaults; validating: min, max
// and ratio) and ResourceQuota (validating, last), in kube-apiserver's order. A refusal is
// 403 Forbidden with the plugin's words after `pods "NAME" is forbidden: `, and is told to
// `onRefusal` (the driver log book: a Spark driver logs the executors it could not create).

import { failure } from './apiErrors';
import { applyLimitRangeDefaults, limitRangeRefusal } from './limitRanger';
import type { ObjectStore } from './objectStore';
import { LIMIT_RANGE, RESOURCE_QUOTA } from './resources';
import { quotaRefusal } from './resourceQuotas';
import type { KubeObject } from './storedObject';

export interface PodAdmission {
  /** Mutating admission, before the pod strategy: LimitRanger's defaults. */
  mutate(pod: KubeObject, namespace: string): void;
  /** Validating admission, after validation: throws 403 Forbidden when a LimitRange or a quota refuses the pod. */
  validate(pod: KubeObject, namespace: string, name: string): void;
}

export interface PodAdmissionOptions {
  now(): number;
  onRefusal?(pod: KubeObject, namespace: string, message: string): void;
}

export function createPodAdmission(store: ObjectStore, options: PodAdmissionOptions): PodAdmission {
  const objects = (kind: typeof LIMIT_RANGE, namespace: string) => store.range(kind, namespace).map((o) => JSON.parse(o.json) as KubeObject);
  return {
    mutate(pod, namespace) {
      const ranges = objects(LIMIT_RANGE, namespace);
      if (ranges.length) applyLimitRangeDefaults(pod, ranges);
    },
    validate(pod, namespace, name) {
      const ranges = objects(LIMIT_RANGE, namespace);
      const quotas = objects(RESOURCE_QUOTA, namespace);
      const reason = (ranges.length ? limitRangeRefusal(pod, ranges) : null) ?? (quotas.length ? quotaRefusal(quotas, pod, options.now()) : null);
      if (!reason) return;
      const message = `pods "${name}" is forbidden: ${reason}`;
      options.onRefusal?.(pod, namespace, message);
      throw failure(403, 'Forbidden', message, { name, group: '', kind: 'pods' });
    },
  };
}
