// The SparkApplication resources of one operator kind in the watched namespaces, read into
// OperatorApp as their list-watch delivers them (the raw resource, with its sparkConf and pod
// templates, is not kept). Kubeflow's status keeps no state history, so the history of each
// application is what this store saw, appended as states change.

import type { KubeObjectMeta } from '../../lib/kube/types';
import type { OperatorApp } from '../../lib/operator/operatorApp';
import { observeState } from '../../lib/operator/stateHistory';
import { isAtOrBefore, isNewerResourceVersion } from '../../lib/snapshot/resourceVersion';
import type { FullListing, ListingSession, ObjectSink, PodEventType } from './snapshotSink';

export type OperatorObject = { metadata?: KubeObjectMeta; [field: string]: unknown };

interface Held {
  resourceVersion: string | undefined;
  app: OperatorApp;
}

export type OperatorAppListener = (before: OperatorApp | null, after: OperatorApp | null) => void;

export class OperatorAppStore implements ObjectSink<OperatorObject> {
  private readonly apps = new Map<string, Held>();

  constructor(
    private readonly read: (obj: OperatorObject) => OperatorApp | null,
    private readonly now: () => number,
    private readonly listener: OperatorAppListener,
  ) {}

  upsert(obj: OperatorObject, type: PodEventType): void {
    const uid = obj?.metadata?.uid;
    if (!uid) return;
    const held = this.apps.get(uid);
    if (held && !isNewerResourceVersion(obj.metadata?.resourceVersion, held.resourceVersion)) return;
    if (type === 'DELETED') {
      if (!held) return;
      this.apps.delete(uid);
      this.listener(held.app, null);
      return;
    }
    const read = this.read(obj);
    if (!read) return;
    const app: OperatorApp = read.history.length ? read : { ...read, history: observeState(held?.app ?? null, read, this.now()) };
    this.apps.set(uid, { resourceVersion: obj.metadata?.resourceVersion, app });
    this.listener(held?.app ?? null, app);
  }

  beginListing(listing: FullListing): ListingSession<OperatorObject> {
    const seen = new Set<string>();
    return {
      add: (obj) => {
        const uid = obj?.metadata?.uid;
        if (!uid) return;
        seen.add(uid);
        this.upsert(obj, 'MODIFIED');
      },
      finish: () => {
        for (const [uid, held] of this.apps) {
          if (seen.has(uid) || (listing.namespace !== '*' && held.app.namespace !== listing.namespace)) continue;
          if (held.resourceVersion && listing.resourceVersion && !isAtOrBefore(held.resourceVersion, listing.resourceVersion)) continue;
          this.apps.delete(uid);
          this.listener(held.app, null);
        }
        return 'applied';
      },
    };
  }

  all(): IterableIterator<OperatorApp> {
    return (function* (apps: Map<string, Held>) { for (const h of apps.values()) yield h.app; })(this.apps);
  }

  get size(): number {
    return this.apps.size;
  }
}
