// Pod listing: the generic paginated list, for Spark pods.

import type { KubePod } from '../../lib/kube/types';
import type { KubeTransport } from './kubeTransport';
import { listAll, PODS, resourcePath } from './resourceListing';

export interface PodListing {
  pods: KubePod[];
  resourceVersion: string | undefined;
  pages: number;
}

export function podsPath(namespace: string): string {
  return resourcePath(PODS, namespace);
}

export async function listPods(
  transport: KubeTransport,
  options: { namespace: string; labelSelector: string; pageSize: number; resourceVersion?: string; timeoutMs?: number },
): Promise<PodListing> {
  const { items, resourceVersion, pages } = await listAll<KubePod>(transport, PODS, options);
  return { pods: items, resourceVersion, pages };
}
