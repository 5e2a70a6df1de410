// Every PersistentVolumeClaim in the watched namespaces, as the claims watch delivers them
// (managedFields dropped: claims are small, and the volumes panel needs them whole). Changes
// are announced so open application pages refresh their volumes panel.

import type { KubePersistentVolumeClaim } from '../../lib/kube/types';
import { isNewerResourceVersion, isAtOrBefore } from '../../lib/snapshot/resourceVersion';
import type { FullListing, ListingSession, ObjectSink, PodEventType } from './snapshotSink';

export type ClaimListener = (claim: KubePersistentVolumeClaim) => void;

export class ClaimStore implements ObjectSink<KubePersistentVolumeClaim> {
  private readonly claims = new Map<string, KubePersistentVolumeClaim>();
  private readonly listeners = new Set<ClaimListener>();

  onChange(listener: ClaimListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private key(c: KubePersistentVolumeClaim): string | null {
    const m = c?.metadata;
    return m?.uid ?? (m?.namespace && m.name ? `${m.namespace}/${m.name}` : null);
  }

  private changed(c: KubePersistentVolumeClaim): void {
    for (const l of this.listeners) l(c);
  }

  upsert(claim: KubePersistentVolumeClaim, type: PodEventType): void {
    const key = this.key(claim);
    if (!key) return;
    const existing = this.claims.get(key);
    if (existing && !isNewerResourceVersion(claim.metadata?.resourceVersion, existing.metadata?.resourceVersion)) return;
    if (type === 'DELETED') this.claims.delete(key);
    else this.claims.set(key, { ...claim, metadata: { ...claim.metadata, managedFields: undefined } });
    this.changed(claim);
  }

  beginListing(listing: FullListing): ListingSession<KubePersistentVolumeClaim> {
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

  inNamespace(namespace: string): KubePersistentVolumeClaim[] {
    const out: KubePersistentVolumeClaim[] = [];
    for (const c of this.claims.values()) if (c.metadata?.namespace === namespace) out.push(c);
    return out;
  }
}
