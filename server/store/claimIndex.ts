// A store subscriber: which applications' pods mount which claim (so a claim event is a
// lookup, not a scan of every pod), and which applications gained or lost pods (their
// volumes panel must be read again).

import type { ChangeBatch, PodVersion } from './changeBatch';
import { podAppKey } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

export type AppPodsChanged = (namespace: string, appId: string) => void;

export class ClaimIndex implements StoreSubscriber {
  readonly name = 'claim index';
  /** `namespace/claim` → application keys (`namespace/appId`) → pods mounting it. */
  private readonly users = new Map<string, Map<string, number>>();
  private readonly listeners = new Set<AppPodsChanged>();

  constructor(readonly intervalMs: number) {}

  onAppPodsChanged(listener: AppPodsChanged): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onBatch(batch: ChangeBatch): void {
    const changedApps = new Map<string, PodVersion>();
    for (const c of batch.changes) {
      if (c.before === c.after) continue;
      const moved = !c.before || !c.after || podAppKey(c.before) !== podAppKey(c.after);
      if (c.before && (moved || c.before.claimNames !== c.after!.claimNames)) this.index(c.before, -1);
      if (c.after && (moved || c.before!.claimNames !== c.after.claimNames)) this.index(c.after, 1);
      if (moved || c.before!.row.gone !== c.after!.row.gone) {
        if (c.before) changedApps.set(podAppKey(c.before), c.before);
        if (c.after) changedApps.set(podAppKey(c.after), c.after);
      }
    }
    for (const v of changedApps.values()) for (const l of this.listeners) l(v.namespace, v.appId);
  }

  private index(v: PodVersion, delta: 1 | -1): void {
    const app = podAppKey(v);
    for (const name of v.claimNames) {
      const key = `${v.namespace}/${name}`;
      const users = this.users.get(key) ?? new Map<string, number>();
      const pods = (users.get(app) ?? 0) + delta;
      if (pods > 0) users.set(app, pods); else users.delete(app);
      if (users.size) this.users.set(key, users); else this.users.delete(key);
    }
  }

  /** Applications (`namespace/appId`) whose pods mount the claim `name` of `namespace`. */
  appsUsingClaim(namespace: string, name: string): string[] {
    return [...(this.users.get(`${namespace}/${name}`)?.keys() ?? [])];
  }
}
