// The store core's records: one per pod (by uid), grouped by application, with the pods that
// left the cluster in order of leaving (what retention forgets first) and an index by name
// (a pod's drawer asks by name; a recreated pod reuses it). Reads for the JSON API live here.

import type { KubePod } from '../../lib/kube/types';
import type { ExitText } from '../../lib/snapshot/executorView';
import type { PodVersion } from './changeBatch';
import { podAppKey } from './changeBatch';

/** What the core keeps of one pod. */
export interface PodRecord {
  readonly uid: string;
  version: PodVersion;
  resourceVersion: string | undefined;
  /** Kept only for final states: the exit reason and Spark's loss message need it. */
  finalPod: KubePod | null;
  goneAt: number | null;
  driverSignature: string | null;
  /** Taken back from the record after a restart, for a pod whose last object is no longer at hand. */
  restoredExit?: ExitText | null;
}

interface AppGroup {
  uids: Set<string>;
  /** Records that left the cluster, oldest first (some may since have come back or moved). */
  departed: PodRecord[];
}

export class PodRecords {
  private readonly byUid = new Map<string, PodRecord>();
  private readonly apps = new Map<string, AppGroup>();
  private readonly byName = new Map<string, Set<string>>();

  get(uid: string): PodRecord | undefined {
    return this.byUid.get(uid);
  }

  values(): IterableIterator<PodRecord> {
    return this.byUid.values();
  }

  get count(): number {
    return this.byUid.size;
  }

  add(record: PodRecord): void {
    this.byUid.set(record.uid, record);
    this.group(podAppKey(record.version)).uids.add(record.uid);
    this.indexName(record, 1);
    if (record.goneAt !== null) this.departed(record);
  }

  /** The pod's app label changed (rare, but a label is user-editable): regroup it. */
  move(record: PodRecord, from: PodVersion, to: Pick<PodVersion, 'namespace' | 'appId'>): void {
    this.group(podAppKey(from)).uids.delete(record.uid);
    this.group(podAppKey(to)).uids.add(record.uid);
  }

  /** The pod left the cluster: first in line for retention. */
  departed(record: PodRecord): void {
    this.group(podAppKey(record.version)).departed.push(record);
  }

  /**
   * Forgets what left before `cutoff`, and the oldest beyond `maxDepartedPerApp` per
   * application; `forgotten` hears of each.
   */
  /** `held`: a departed pod still needed past the cutoff (see StoreSubscriber.holds); the bound still applies. */
  evict(cutoff: number, maxDepartedPerApp: number, forgotten: (r: PodRecord) => void, held?: (uid: string) => boolean): void {
    for (const [key, g] of this.apps) {
      const d = g.departed;
      let drop = 0;
      while (drop < d.length) {
        const r = d[drop];
        const stale = r.goneAt === null || this.byUid.get(r.uid) !== r;
        if (!stale && (r.goneAt! > cutoff || held?.(r.uid)) && d.length - drop <= maxDepartedPerApp) break;
        if (!stale) {
          this.byUid.delete(r.uid);
          this.group(podAppKey(r.version)).uids.delete(r.uid);
          this.indexName(r, -1);
          forgotten(r);
        }
        drop++;
      }
      if (drop) d.splice(0, drop);
      if (g.uids.size === 0 && g.departed.length === 0) this.apps.delete(key);
    }
  }

  private group(key: string): AppGroup {
    let g = this.apps.get(key);
    if (!g) {
      g = { uids: new Set(), departed: [] };
      this.apps.set(key, g);
    }
    return g;
  }

  private indexName(record: PodRecord, delta: 1 | -1): void {
    const key = `${record.version.namespace}/${record.version.row.name}`;
    const uids = this.byName.get(key) ?? new Set<string>();
    if (delta > 0) uids.add(record.uid); else uids.delete(record.uid);
    if (uids.size) this.byName.set(key, uids); else this.byName.delete(key);
  }

  /** Every record of an application (namespace + spark-app-selector), departed ones included. */
  ofApp(namespace: string, appId: string): PodRecord[] {
    const g = this.apps.get(`${namespace}/${appId}`);
    if (!g) return [];
    const out: PodRecord[] = [];
    for (const uid of g.uids) {
      const r = this.byUid.get(uid);
      if (r) out.push(r);
    }
    return out;
  }

  /** The newest pod we know by that name in that namespace (names are reused by recreated pods). */
  byPodName(namespace: string, name: string): PodRecord | undefined {
    let found: PodRecord | undefined;
    for (const uid of this.byName.get(`${namespace}/${name}`) ?? []) {
      const r = this.byUid.get(uid);
      if (r && (!found || (r.version.row.createdAt ?? 0) > (found.version.row.createdAt ?? 0))) found = r;
    }
    return found;
  }

  size(): { pods: number; apps: number; departed: number } {
    let departed = 0;
    for (const g of this.apps.values()) departed += g.departed.length;
    return { pods: this.byUid.size, apps: this.apps.size, departed };
  }
}
