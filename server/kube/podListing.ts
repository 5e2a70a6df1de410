// Lists Spark pods page by page (limit/continue) so a cluster with tens of thousands of
// pods never arrives as one giant response. Shared by the watch source (its initial list
// and relists) and the polling source.

import type { KubeList, KubePod } from '../../lib/kube/types';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';

export interface PodListing {
  pods: KubePod[];
  resourceVersion: string | undefined;
  pages: number;
}

export function podsPath(namespace: string): string {
  return namespace === '*' ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
}

export async function listPods(
  transport: KubeTransport,
  options: { namespace: string; labelSelector: string; pageSize: number; resourceVersion?: string; timeoutMs?: number },
): Promise<PodListing> {
  const pods: KubePod[] = [];
  let continueToken: string | undefined;
  let resourceVersion: string | undefined;
  let pages = 0;
  do {
    const page: KubeList<KubePod> = await transport.getJson(podsPath(options.namespace), {
      labelSelector: options.labelSelector,
      limit: options.pageSize,
      // resourceVersion only on the first page: continue tokens carry their own.
      resourceVersion: continueToken ? undefined : options.resourceVersion,
      continue: continueToken,
    }, options.timeoutMs);
    if (!page || !Array.isArray(page.items)) {
      throw new KubeApiError('the pod list answer has no items array', 200, 'MalformedResponse');
    }
    pages++;
    for (const item of page.items) pods.push(item);
    resourceVersion ??= page.metadata?.resourceVersion;
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return { pods, resourceVersion, pages };
}
