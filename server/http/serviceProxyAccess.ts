// Whether the dashboard's own identity may `get services/proxy` in a namespace (the Spark UI
// link is offered only where it can work): asked of the API server with a
// SelfSubjectAccessReview, which every authenticated identity may create (system:basic-user),
// once a minute per cluster and namespace. An answer that could not be had is not kept.

import { LRUCache } from 'lru-cache';
import type { KubeTransport } from '../kube/kubeTransport';

export interface ServiceProxyAccess {
  mayProxy(cluster: string, namespace: string, transport: KubeTransport): Promise<boolean>;
}

const TTL_MS = 60_000;

export function createServiceProxyAccess(options: { ttlMs?: number } = {}): ServiceProxyAccess {
  const answers = new LRUCache<string, Promise<boolean>>({ max: 10_000, ttl: options.ttlMs ?? TTL_MS });
  return {
    mayProxy(cluster, namespace, transport) {
      const key = `${cluster}/${namespace}`;
      const known = answers.get(key);
      if (known) return known;
      const asked = transport.requestJson<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: {
          apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb: 'get', group: '', resource: 'services', subresource: 'proxy', namespace } },
        },
        timeoutMs: 10_000,
      }).then((r) => r.status?.allowed === true, () => {
        answers.delete(key);
        return false;
      });
      answers.set(key, asked);
      return asked;
    },
  };
}
