// Every object of one kind in the watched namespaces, as its list-watch delivers them
// (managedFields dropped: claims, quotas and limit ranges are small, and the panels need them
// whole). Changes are announced so open application pages refresh what depends on them.

import type { KubeObjectMeta, KubePersistentVolumeClaim } from '../../lib/kube/types';
import { isNewerResourceVersion, isAtOrBefore } from '../../lib/snapshot/resourceVersion';
import type { FullListing, ListingSession, ObjectSink, PodEventType } from './snapshotSink';

export type ObjectListener<T> = (obj: T) => void;

export class NamespacedObjects<T extends { metadata?: KubeObjectMeta }> implements ObjectSink<T> {
  private readonly claims = new Map<string, T>();
  private readonly listeners = new Set<ObjectListener<T>>();

  onChange(listener: ObjectListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private key(c: T): string | null {
    const m = c?.metadata;
    return m?.uid ?? (m?.namespace && m.name ? `${m.namespace}/${m.name}` : null);
  }

  private changed(c: T): void {
    for (const l of this.listeners) l(c);
  }

  upsert(claim: T, type: PodEventType): void {
    const key = this.key(claim);
    if (!key) return;
    const existing = this.claims.get(key);
    if (existing && !isNewerResourceVersion(claim.metadata?.resourceVersion, existing.metadata?.resourceVersion)) return;
    if (type === 'DELETED') this.claims.delete(key);
    else this.claims.set(key, { ...claim, metadata: { ...claim.metadata, managedFields: undefined } });
    this.changed(claim);
  }

  beginListing(listing: FullListing): ListingSession<T> {
    const seen = new Set<string>();
    return {
      add: (c) => {
        const key = this.key(c);
        if (!key) return;
        seen.add(key);
        this.upsert(c, 'MODIFIED');
      },
      finish: () => {
        for (const [key, c] of this.claims) {
          if (seen.has(key) || (listing.namespace !== '*' && c.metadata?.namespace !== listing.namespace)) continue;
          if (c.metadata?.resourceVersion && listing.resourceVersion && !isAtOrBefore(c.metadata.resourceVersion, listing.resourceVersion)) continue;
          this.claims.delete(key);
          this.changed(c);
        }
        return 'applied';
      },
    };
  }

  inNamespace(namespace: string): T[] {
    const out: T[] = [];
    for (const c of this.claims.values()) if (c.metadata?.namespace === namespace) out.push(c);
    return out;
  }
}

/** The claims of the watched namespaces (the volumes and RBAC panels, claim events). */
export class ClaimStore extends NamespacedObjects<KubePersistentVolumeClaim> {}
