// What the store keeps of a pod that reached a final state: just enough for Spark's exit
// reason and loss message (metadata, status, container names and images). Whole pods are
// ~6 KB with managedFields; we never cache them (DESIGN: compact records, fetch on demand).

import type { KubePod } from '../../lib/kube/types';

export function slimPod(pod: KubePod): KubePod {
  const m = pod.metadata ?? {};
  return {
    metadata: {
      name: m.name, namespace: m.namespace, uid: m.uid, labels: m.labels, creationTimestamp: m.creationTimestamp,
      deletionTimestamp: m.deletionTimestamp, deletionGracePeriodSeconds: m.deletionGracePeriodSeconds, resourceVersion: m.resourceVersion,
    },
    spec: {
      restartPolicy: pod.spec?.restartPolicy,
      nodeName: pod.spec?.nodeName,
      serviceAccountName: pod.spec?.serviceAccountName,
      containers: Array.isArray(pod.spec?.containers) ? pod.spec!.containers!.map((c) => ({ name: c?.name, image: c?.image })) : undefined,
    },
    status: pod.status ? { ...pod.status, conditions: undefined } : pod.status,
  };
}
