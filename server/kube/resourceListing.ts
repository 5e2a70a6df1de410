// Lists any namespaced resource page by page (limit/continue), so tens of thousands of
// objects never arrive as one giant response. Shared by the watch sources (initial list,
// relists) and the pod poller.

import type { KubeList } from '../../lib/kube/types';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';

export interface ResourceKind {
  /** The plural name in the API path: pods, persistentvolumeclaims. */
  plural: string;
  /** How people call it in messages: "Pod", "PVC". */
  label: string;
}

export const PODS: ResourceKind = { plural: 'pods', label: 'Pod' };
export const CLAIMS: ResourceKind = { plural: 'persistentvolumeclaims', label: 'PVC' };

export function resourcePath(kind: ResourceKind, namespace: string): string {
  return namespace === '*' ? `/api/v1/${kind.plural}` : `/api/v1/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`;
}

export interface Listing<T> {
  items: T[];
  resourceVersion: string | undefined;
  pages: number;
}

export async function listAll<T>(
  transport: KubeTransport,
  kind: ResourceKind,
  options: { namespace: string; labelSelector?: string; pageSize: number; resourceVersion?: string; timeoutMs?: number },
): Promise<Listing<T>> {
  const items: T[] = [];
  let continueToken: string | undefined;
  let resourceVersion: string | undefined;
  let pages = 0;
  do {
    const page: KubeList<T> = await transport.getJson(resourcePath(kind, options.namespace), {
      labelSelector: options.labelSelector,
      limit: options.pageSize,
      // resourceVersion only on the first page: continue tokens carry their own.
      resourceVersion: continueToken ? undefined : options.resourceVersion,
      continue: continueToken,
    }, options.timeoutMs);
    if (!page || !Array.isArray(page.items)) {
      throw new KubeApiError(`the ${kind.plural} list answer has no items array`, 200, 'MalformedResponse');
    }
    pages++;
    for (const item of page.items) items.push(item);
    resourceVersion ??= page.metadata?.resourceVersion;
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return { items, resourceVersion, pages };
}
