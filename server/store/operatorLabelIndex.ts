// A store subscriber: which Spark applications have pods that an operator's app-name label
// names (Kubeflow's sparkoperator.k8s.io/app-name, Apache's spark.operator/spark-app-name), so
// a SparkApplication whose status has not recorded its application id yet is still joined to
// its pods, as a lookup rather than a scan of every pod.

import type { ChangeBatch, PodVersion } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

export class OperatorLabelIndex implements StoreSubscriber {
  readonly name = 'operator label index';
  /** `namespace/operator app name` → application id → pods labelled so. */
  private readonly byName = new Map<string, Map<string, number>>();
  /** `namespace/appId` → the operator application its pods name (the last one counted). */
  private readonly byApp = new Map<string, string>();
  private readonly listeners = new Set<(namespace: string, name: string) => void>();

  constructor(readonly intervalMs: number) {}

  /** Called when an operator application gains or loses its first or last labelled application. */
  onChange(listener: (namespace: string, name: string) => void): void {
    this.listeners.add(listener);
  }

  onBatch(batch: ChangeBatch): void {
    const changed = new Set<string>();
    for (const c of batch.changes) {
      const before = c.before?.operatorApp ? c.before : null;
      const after = c.after?.operatorApp ? c.after : null;
      if (before && after && before.operatorApp === after.operatorApp && before.appId === after.appId && before.namespace === after.namespace) continue;
      if (before) this.count(before, -1, changed);
      if (after) this.count(after, 1, changed);
    }
    for (const key of changed) {
      const slash = key.indexOf('/');
      for (const l of this.listeners) l(key.slice(0, slash), key.slice(slash + 1));
    }
  }

  private count(v: PodVersion, delta: 1 | -1, changed: Set<string>): void {
    const key = `${v.namespace}/${v.operatorApp}`;
    let apps = this.byName.get(key);
    if (!apps) this.byName.set(key, apps = new Map());
    const n = (apps.get(v.appId) ?? 0) + delta;
    if (n > 0) {
      if (!apps.has(v.appId)) changed.add(key);
      apps.set(v.appId, n);
      this.byApp.set(`${v.namespace}/${v.appId}`, v.operatorApp!);
    } else {
      apps.delete(v.appId);
      changed.add(key);
      if (this.byApp.get(`${v.namespace}/${v.appId}`) === v.operatorApp) this.byApp.delete(`${v.namespace}/${v.appId}`);
      if (!apps.size) this.byName.delete(key);
    }
  }

  /** Application ids whose pods the label names (oldest first as counted). */
  appsLabelled(namespace: string, name: string): string[] {
    return [...(this.byName.get(`${namespace}/${name}`)?.keys() ?? [])];
  }

  /** The operator application an application's pods name, or null. */
  labelOf(namespace: string, appId: string): string | null {
    return this.byApp.get(`${namespace}/${appId}`) ?? null;
  }
}
