// Server-side apply of rendered objects to a real kube-apiserver, as `kubectl apply
// --server-side` does it: PATCH with application/apply-patch+yaml to the object's own URL,
// found through API discovery (so no kind→URL table to keep). Strict field validation: a field
// the API does not know fails instead of being dropped.

import type { KubeTransport } from '../../server/kube/kubeTransport';
import type { KubeObject } from './helm';

interface ApiResource { name: string; kind: string; namespaced: boolean }

export interface ApplyOptions {
  /** true: dryRun=All, nothing is stored (admission and validation still run). */
  dryRun: boolean;
  fieldManager: string;
}

export class ServerSideApplier {
  private readonly discovery = new Map<string, Promise<ApiResource[]>>();

  constructor(private readonly api: KubeTransport) {}

  /** Forgets discovered APIs (after a CRD is installed, its group appears). */
  refresh(): void {
    this.discovery.clear();
  }

  private resources(apiVersion: string): Promise<ApiResource[]> {
    let r = this.discovery.get(apiVersion);
    if (!r) {
      const url = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      r = this.api.getJson<{ resources: ApiResource[] }>(url).then((list) => list.resources.filter((x) => !x.name.includes('/')));
      this.discovery.set(apiVersion, r);
      r.catch(() => this.discovery.delete(apiVersion));
    }
    return r;
  }

  /** The object's URL, from discovery; a kind the API does not serve is an error that says so. */
  async urlOf(obj: KubeObject): Promise<string> {
    const resources = await this.resources(obj.apiVersion).catch((e: Error) => {
      throw new Error(`${obj.kind} ${obj.metadata.name}: the API server does not serve ${obj.apiVersion} (${e.message})`);
    });
    const res = resources.find((x) => x.kind === obj.kind);
    if (!res) throw new Error(`${obj.kind} ${obj.metadata.name}: ${obj.apiVersion} has no kind ${obj.kind}`);
    const prefix = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
    const name = encodeURIComponent(obj.metadata.name);
    if (!res.namespaced) return `${prefix}/${res.name}/${name}`;
    if (!obj.metadata.namespace) throw new Error(`${obj.kind} ${obj.metadata.name} is namespaced but has no metadata.namespace`);
    return `${prefix}/namespaces/${encodeURIComponent(obj.metadata.namespace)}/${res.name}/${name}`;
  }

  /** The object as the API server would store it. */
  async apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const url = await this.urlOf(obj);
    try {
      return await this.api.requestJson<KubeObject>('PATCH', url, {
        query: { fieldManager: options.fieldManager, fieldValidation: 'Strict', ...(options.dryRun ? { dryRun: 'All' } : {}) },
        // JSON is YAML; the apply content type is what makes this a server-side apply.
        body: JSON.stringify(obj),
        contentType: 'application/apply-patch+yaml',
      });
    } catch (e) {
      throw new Error(`server-side apply${options.dryRun ? ' (dry run)' : ''} of ${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name} was refused: ${(e as Error).message}`);
    }
  }
}
