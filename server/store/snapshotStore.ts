// The dashboard's ExecutorPodsSnapshotsStore: every Spark pod of the cluster keyed by uid,
// grouped into applications (namespace + spark-app-selector), with Spark's state and a
// bounded transition history. Sources call updatePod / replaceSnapshot; every batchInterval
// the changes are coalesced into one diff per scope (overview, each application) and handed
// to subscribers. Rules beyond Spark's (see DESIGN.md):
//  • a pod missing from a full list is recorded as deleted, at the time of the list, unless
//    we hold a newer resourceVersion than the list (it was written after the list was taken);
//  • an older resourceVersion never overwrites a newer one (lib/snapshot/resourceVersion);
//  • a pod gone from the API (DELETED event or missing) is 'deleted' and kept for `retentionMs`;
//  • a cached list older than what we applied is stale (dropped: the source asks again,
//    consistently); a consistent answer older than what we applied means the cluster's state
//    went back in time (etcd restored, cluster recreated behind the same address): we forget
//    every resourceVersion we hold, take the answer as the new truth and ask every source to
//    list again (see DESIGN.md), so the view converges to what `kubectl get pods` shows.

import type { KubePod } from '../../lib/kube/types';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { appKey, summarizeApp } from '../../lib/snapshot/appSummary';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import { describeDriverChange, driverLogEntry, driverSignature } from '../../lib/snapshot/driverLog';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { boundTransitions, ROW_FIELDS } from '../../lib/snapshot/executorRow';
import type { ProjectionOptions, PodProjection } from '../../lib/snapshot/podProjection';
import { projectPod } from '../../lib/snapshot/podProjection';
import { compareResourceVersions, isAtOrBefore, isNewerResourceVersion } from '../../lib/snapshot/resourceVersion';
import { appScopeKey, OVERVIEW_SCOPE_KEY, parseScopeKey } from '../../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff, diffScopeStates, emptyScopeState, isEmptyDiff } from '../../lib/snapshot/scopeState';
import { isFinalPodState } from '../../lib/spark/podState';
import { deriveTransitions, transitionsForChange } from '../../lib/timeline/derivedTransitions';
import type { ClusterReset } from '../../lib/health/sourceHealth';
import type { Logger } from '../log';
import type { FullListing, ListingOutcome, PodEventType, SnapshotSink, VersionMark } from '../kube/snapshotSink';
import { slimPod } from './slimPod';

export interface SnapshotStoreOptions {
  projection: ProjectionOptions;
  batchIntervalMs: number;
  /** How long a pod that left the API stays visible as history. */
  retentionMs: number;
  /** Beyond this many departed pods per application, the oldest are forgotten first. */
  maxDepartedPerApp: number;
  maxTransitions: number;
  driverLogSize: number;
  /**
   * The overview (application summaries) is published at most this often: it is the scope
   * hundreds of wall displays and portals subscribe to, and counts need not move 20 times a
   * second. 0 publishes it with every batch.
   */
  overviewIntervalMs?: number;
  /** The namespaces the pod watches cover ('*' = all): a reset is rebuilt once each has listed again. */
  watchedNamespaces?: readonly string[];
  now?: () => number;
}

export interface PodRecord {
  uid: string;
  appKey: string;
  k: number;
  resourceVersion: string | undefined;
  row: ExecutorRow;
  /** Kept only for final states: the exit reason and Spark's loss message need it. */
  finalPod: KubePod | null;
  goneAt: number | null;
  driverSignature: string | null;
  /** Claims the pod mounts (names in its namespace): which applications a claim change concerns. */
  claimNames: string[];
}

interface AppEntry {
  key: string;
  namespace: string;
  appId: string;
  appName: string | null;
  scope: string;
  records: (PodRecord | null)[];
  rows: (ExecutorRow | null)[];
  free: number[];
  live: number;
  departed: PodRecord[];
  published: ScopeState;
  dirtySlots: Set<number>;
  summary: AppSummary | null;
  driverLog: DriverLogEntry[];
}

function claimNamesOf(pod: KubePod): string[] {
  const volumes = Array.isArray(pod.spec?.volumes) ? pod.spec!.volumes! : [];
  return volumes.map((v) => v?.persistentVolumeClaim?.claimName).filter((n): n is string => typeof n === 'string');
}

export type DiffListener = (diffs: readonly ScopeDiff[]) => void;

export interface StoreMetrics {
  podUpdates: number;
  staleUpdatesIgnored: number;
  fullListings: number;
  markedGoneByListing: number;
  malformedPods: number;
  diffsOut: number;
  rowsChanged: number;
  evicted: number;
  flushes: number;
  staleListings: number;
  supersededListings: number;
  resets: number;
}

export class SnapshotStore implements SnapshotSink {
  readonly metrics: StoreMetrics = {
    podUpdates: 0, staleUpdatesIgnored: 0, fullListings: 0, markedGoneByListing: 0, malformedPods: 0,
    diffsOut: 0, rowsChanged: 0, evicted: 0, flushes: 0, staleListings: 0, supersededListings: 0, resets: 0,
  };
  private readonly records = new Map<string, PodRecord>();
  private readonly apps = new Map<string, AppEntry>();
  private readonly dirtyApps = new Set<string>();
  /** Applications whose summary changed since the overview was last published. */
  private readonly overviewDirty = new Set<string>();
  private overviewPublishedAt = 0;
  /** `namespace/claim` → the applications whose placed pods mount it, with how many pods. */
  private readonly claimUsers = new Map<string, Map<string, number>>();
  private overview: ScopeState;
  private readonly listeners = new Set<DiffListener>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  /** The highest resourceVersion applied (from any pod or list), and the reset generation. */
  private highestVersion: string | undefined;
  private epoch = 0;
  private lastReset: ClusterReset | null = null;
  private readonly awaitingRelist = new Set<string>();
  private readonly resetListeners = new Set<(reset: ClusterReset) => void>();

  constructor(private readonly options: SnapshotStoreOptions, private readonly log: Logger) {
    this.now = options.now ?? Date.now;
    this.overview = emptyScopeState(OVERVIEW_SCOPE_KEY, options.maxTransitions);
    this.overview = { ...this.overview, seq: this.initialSeq() };
  }

  /** Seqs start at the creation time in ms, so a scope that is dropped and re-created never reuses a seq. */
  private initialSeq(): number {
    return this.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.options.batchIntervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  subscribe(listener: DiffListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the cluster's state went back in time: every source must list again. */
  onReset(listener: (reset: ClusterReset) => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** The last reset (rebuilt or still rebuilding), for health. */
  reset(): ClusterReset | null {
    return this.lastReset;
  }

  // ------------------------------------------------------------ the two verbs

  updatePod(pod: KubePod, type: PodEventType, receivedAt: number): void {
    this.metrics.podUpdates++;
    this.apply(pod, receivedAt, type === 'DELETED' ? 'gone' : 'present');
  }

  replaceSnapshot(pods: KubePod[], listing: FullListing): ListingOutcome {
    if (listing.mark.epoch !== this.epoch) {
      // Asked before the last reset: it may come from the old history.
      this.metrics.supersededListings++;
      return 'superseded';
    }
    const older = compareResourceVersions(listing.resourceVersion, listing.mark.version) === 'older';
    if (older && !listing.consistent) {
      this.metrics.staleListings++;
      return 'stale';
    }
    if (older) this.resetHistory(listing.resourceVersion!, listing.source, listing.listedAt);
    this.metrics.fullListings++;
    const seen = new Set<string>();
    for (const pod of pods) {
      const uid = this.apply(pod, listing.listedAt, 'present');
      if (uid) seen.add(uid);
    }
    for (const record of this.records.values()) {
      if (record.goneAt !== null || seen.has(record.uid)) continue;
      const entry = this.apps.get(record.appKey);
      if (!entry || (listing.namespace !== '*' && entry.namespace !== listing.namespace)) continue;
      // Written after the list was taken (a watch event overtook a cached list): not missing.
      if (record.resourceVersion !== undefined && listing.resourceVersion !== undefined && !isAtOrBefore(record.resourceVersion, listing.resourceVersion)) continue;
      this.metrics.markedGoneByListing++;
      this.markGone(record, listing.listedAt);
    }
    this.raiseHighestVersion(listing.resourceVersion);
    if (listing.consistent) this.relisted(listing.namespace, listing.listedAt);
    // A full listing is one batch already: publish it now, so that once a source reports itself
    // synced (and /readyz says ready) the API and every scope show what it listed.
    this.flush();
    return older ? 'reset' : 'applied';
  }

  versionMark(): VersionMark {
    return { version: this.highestVersion, epoch: this.epoch };
  }

  observeClusterVersion(resourceVersion: string | undefined, mark: VersionMark, source: string): void {
    if (mark.epoch !== this.epoch || compareResourceVersions(resourceVersion, mark.version) !== 'older') return;
    this.resetHistory(resourceVersion!, source, this.now());
  }

  private raiseHighestVersion(rv: string | undefined): void {
    if (rv !== undefined && compareResourceVersions(rv, this.highestVersion) !== 'older') this.highestVersion = rv;
  }

  /** The cluster went back in time: forget every version we hold and have every source list again. */
  private resetHistory(after: string, detectedBy: string, at: number): void {
    const before = this.highestVersion ?? '';
    this.metrics.resets++;
    this.epoch++;
    for (const record of this.records.values()) record.resourceVersion = undefined;
    this.highestVersion = after;
    this.lastReset = { detectedAt: at, before, after, detectedBy, rebuiltAt: null };
    this.awaitingRelist.clear();
    for (const ns of this.options.watchedNamespaces ?? ['*']) this.awaitingRelist.add(ns);
    this.log.warn("the cluster's state went back in time; rebuilding from fresh lists", { before, after, detectedBy });
    const reset = this.lastReset;
    for (const l of this.resetListeners) {
      try {
        l(reset);
      } catch (e) {
        this.log.error('a reset listener failed', { error: String(e) });
      }
    }
  }

  private relisted(namespace: string, at: number): void {
    if (!this.lastReset || this.lastReset.rebuiltAt !== null) return;
    if (namespace === '*') this.awaitingRelist.clear(); else this.awaitingRelist.delete(namespace);
    if (this.awaitingRelist.size === 0) {
      this.lastReset = { ...this.lastReset, rebuiltAt: at };
      this.log.info('rebuilt the view after the reset', { detectedAt: this.lastReset.detectedAt });
    }
  }

  // ------------------------------------------------------------ applying one pod

  /** Returns the pod's uid when it was accepted (even if unchanged). */
  private apply(pod: KubePod, at: number, presence: 'present' | 'gone'): string | null {
    if (!pod || typeof pod !== 'object' || !pod.metadata || typeof pod.metadata !== 'object' || !pod.metadata.name) {
      this.metrics.malformedPods++;
      this.log.once('warn', 'pod-without-metadata', 'ignored a pod object without metadata.name', { pod: JSON.stringify(pod)?.slice(0, 300) });
      return null;
    }
    let projected;
    try {
      projected = projectPod(pod, this.options.projection, at);
    } catch (e) {
      this.metrics.malformedPods++;
      this.log.once('warn', `projection-failed:${pod.metadata.namespace}/${pod.metadata.name}`, 'could not read a pod; kept what we knew', { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, error: String(e) });
      return null;
    }
    const { projection, decision } = projected;
    if (decision.anomaly) this.log.once('warn', `anomaly:${projection.uid}`, 'a Spark pod Spark itself could not read', { pod: `${projected.namespace}/${projection.name}`, anomaly: decision.anomaly });
    const key = appKey(projected.namespace, projected.appId);
    const rv = pod.metadata.resourceVersion;
    const existing = this.records.get(projection.uid);
    if (existing && !isNewerResourceVersion(rv, existing.resourceVersion)) {
      this.metrics.staleUpdatesIgnored++;
      return projection.uid;
    }
    this.raiseHighestVersion(rv);
    if (presence === 'gone') {
      projection.gone = true;
      // Gone from the API is deleted, whatever the last object said (Spark would drop it at its next poll).
      projection.state = 'deleted';
      projection.deleting = false;
      projection.deletedAt ??= at;
    }
    const finalPod = isFinalPodState(projection.state) ? slimPod(pod) : null;
    if (!existing) {
      const tr = boundTransitions(deriveTransitions(projection, at), this.options.maxTransitions);
      const entry = this.appEntry(key, projected.namespace, projected.appId, projected.appName);
      const record: PodRecord = {
        uid: projection.uid, appKey: key, k: -1, resourceVersion: rv, row: null as unknown as ExecutorRow,
        finalPod, goneAt: presence === 'gone' ? at : null, driverSignature: null, claimNames: claimNamesOf(pod),
      };
      this.records.set(record.uid, record);
      this.place(entry, record, { k: -1, ...projection, since: tr[tr.length - 1][1], tr });
      if (record.goneAt !== null) entry.departed.push(record);
      this.logDriver(entry, record, pod, at);
      return record.uid;
    }
    existing.resourceVersion = rv;
    existing.finalPod = finalPod ?? existing.finalPod;
    if (existing.appKey !== key) {
      // The pod's app label changed: move it (rare, but a label is user-editable).
      this.unplace(existing);
      existing.appKey = key;
      this.place(this.appEntry(key, projected.namespace, projected.appId, projected.appName), existing, existing.row);
    }
    const entry = this.apps.get(key)!;
    if (projected.appName && !entry.appName) entry.appName = projected.appName;
    if (presence === 'gone' && existing.goneAt === null) { existing.goneAt = at; entry.departed.push(existing); }
    if (presence === 'present' && existing.goneAt !== null) existing.goneAt = null;
    this.updateRow(existing, projection, at);
    this.logDriver(entry, existing, pod, at);
    return existing.uid;
  }

  private updateRow(record: PodRecord, projection: PodProjection, at: number): void {
    const prev = record.row;
    let tr = prev.tr;
    let since = prev.since;
    if (projection.state !== prev.state) {
      // A pod deleted while running stayed running by Spark's rules until it left: date the
      // transition when it left, not when the deletion was requested.
      const facts = prev.deleting && projection.state === 'deleted' ? { ...projection, deletedAt: at } : projection;
      const appended = transitionsForChange(prev.tr, facts, at);
      if (appended.length) {
        tr = boundTransitions([...prev.tr, ...appended], this.options.maxTransitions);
        since = appended[appended.length - 1][1];
      }
    }
    const next: ExecutorRow = { k: prev.k, ...projection, since, tr };
    if (tr === prev.tr && ROW_FIELDS.every((f) => prev[f] === next[f])) return;
    this.setRow(record, next);
  }

  private markGone(record: PodRecord, at: number): void {
    const entry = this.apps.get(record.appKey)!;
    record.goneAt = at;
    entry.departed.push(record);
    const { k: _k, since: _since, tr: _tr, ...prev } = record.row;
    this.updateRow(record, { ...prev, state: 'deleted', gone: true, deleting: false, deletedAt: prev.deletedAt ?? at }, at);
  }

  // ------------------------------------------------------------ apps and slots

  private appEntry(key: string, namespace: string, appId: string, appName: string | null): AppEntry {
    let entry = this.apps.get(key);
    if (!entry) {
      const scope = appScopeKey(namespace, appId);
      entry = {
        key, namespace, appId, appName, scope, records: [], rows: [], free: [], live: 0, departed: [],
        published: { ...emptyScopeState(scope, this.options.maxTransitions), seq: this.initialSeq() },
        dirtySlots: new Set(), summary: null, driverLog: [],
      };
      this.apps.set(key, entry);
    }
    return entry;
  }

  private place(entry: AppEntry, record: PodRecord, row: ExecutorRow): void {
    const k = entry.free.length ? entry.free.pop()! : entry.records.length;
    record.k = k;
    entry.records[k] = record;
    entry.live++;
    this.indexClaims(entry, record, 1);
    this.setRow(record, { ...row, k });
  }

  private unplace(record: PodRecord): void {
    const entry = this.apps.get(record.appKey);
    if (!entry || entry.records[record.k] !== record) return;
    this.indexClaims(entry, record, -1);
    entry.records[record.k] = null;
    entry.rows[record.k] = null;
    entry.free.push(record.k);
    entry.live--;
    entry.dirtySlots.add(record.k);
    this.dirtyApps.add(entry.key);
  }

  /** Keeps `claimUsers` in step with the pods placed in applications (a claim event is then a lookup, not a scan). */
  private indexClaims(entry: AppEntry, record: PodRecord, delta: 1 | -1): void {
    for (const name of record.claimNames) {
      const key = `${entry.namespace}/${name}`;
      const users = this.claimUsers.get(key) ?? new Map<string, number>();
      const pods = (users.get(entry.key) ?? 0) + delta;
      if (pods > 0) users.set(entry.key, pods); else users.delete(entry.key);
      if (users.size) this.claimUsers.set(key, users); else this.claimUsers.delete(key);
    }
  }

  private setRow(record: PodRecord, row: ExecutorRow): void {
    record.row = row;
    const entry = this.apps.get(record.appKey)!;
    entry.rows[row.k] = row;
    entry.dirtySlots.add(row.k);
    this.dirtyApps.add(entry.key);
  }

  private logDriver(entry: AppEntry, record: PodRecord, pod: KubePod, at: number): void {
    if (record.row.role !== 'driver') return;
    const signature = driverSignature(pod, record.row.state);
    if (signature === record.driverSignature) return;
    const change = describeDriverChange(record.driverSignature, signature);
    record.driverSignature = signature;
    entry.driverLog.push(driverLogEntry(pod, record.row.state, at, change));
    if (entry.driverLog.length > this.options.driverLogSize) entry.driverLog.splice(0, entry.driverLog.length - this.options.driverLogSize);
  }

  // ------------------------------------------------------------ retention

  private evict(now: number): void {
    const cutoff = now - this.options.retentionMs;
    for (const entry of this.apps.values()) {
      const d = entry.departed;
      let drop = 0;
      while (drop < d.length) {
        const r = d[drop];
        const stale = r.goneAt === null || this.records.get(r.uid) !== r;
        if (!stale && r.goneAt! > cutoff && d.length - drop <= this.options.maxDepartedPerApp) break;
        if (!stale) {
          this.records.delete(r.uid);
          this.unplace(r);
          this.metrics.evicted++;
        }
        drop++;
      }
      if (drop) d.splice(0, drop);
    }
  }

  // ------------------------------------------------------------ batching

  /** Publishes everything changed since the last flush as one diff per scope. */
  flush(): ScopeDiff[] {
    const now = this.now();
    this.evict(now);
    this.metrics.flushes++;
    const diffs: ScopeDiff[] = [];
    for (const key of this.dirtyApps) {
      const entry = this.apps.get(key);
      if (!entry) continue;
      const summary = entry.live > 0 ? summarizeApp(entry, entry.rows) : null;
      const summaryChanged = JSON.stringify(summary) !== JSON.stringify(entry.summary);
      if (summaryChanged) {
        entry.summary = summary;
        this.overviewDirty.add(key);
      }
      const diff = diffScopeStates(
        entry.published,
        { rows: entry.rows, apps: summary ? { [key]: summary } : {}, at: now },
        { slots: entry.dirtySlots, apps: summaryChanged ? [key] : [] },
      );
      entry.dirtySlots.clear();
      if (!isEmptyDiff(diff)) {
        this.metrics.rowsChanged += (diff.added?.length ?? 0) + (diff.changed?.length ?? 0) + (diff.removed?.length ?? 0);
        entry.published = applyDiff(entry.published, diff);
        diffs.push(diff);
      }
      if (entry.live === 0 && entry.departed.length === 0) this.apps.delete(key);
    }
    this.dirtyApps.clear();
    if (this.overviewDirty.size && now - this.overviewPublishedAt >= (this.options.overviewIntervalMs ?? 0)) {
      const nextOverviewApps: Record<string, AppSummary> = { ...this.overview.apps };
      for (const key of this.overviewDirty) {
        const summary = this.apps.get(key)?.summary;
        if (summary) nextOverviewApps[key] = summary; else delete nextOverviewApps[key];
      }
      const diff = diffScopeStates(this.overview, { rows: [], apps: nextOverviewApps, at: now }, { slots: [], apps: this.overviewDirty });
      this.overviewDirty.clear();
      this.overviewPublishedAt = now;
      if (!isEmptyDiff(diff)) {
        this.overview = applyDiff(this.overview, diff);
        diffs.push(diff);
      }
    }
    this.metrics.diffsOut += diffs.length;
    if (diffs.length) for (const l of this.listeners) {
      try {
        l(diffs);
      } catch (e) {
        this.log.error('a store subscriber failed; it keeps its subscription', { error: String(e) });
      }
    }
    return diffs;
  }

  // ------------------------------------------------------------ reads

  /**
   * The published state of a scope (what subscribers hold). An application not seen yet gets
   * a transient empty state: when it appears, its seqs start later, so the subscriber sees a
   * gap and resyncs.
   */
  scopeState(scope: string): ScopeState | null {
    if (scope === OVERVIEW_SCOPE_KEY) return this.overview;
    const parsed = parseScopeKey(scope);
    if (!parsed || parsed.kind !== 'app') return null;
    const entry = this.apps.get(appKey(parsed.namespace, parsed.appId));
    return entry ? entry.published : { ...emptyScopeState(scope, this.options.maxTransitions), seq: this.now() - 1 };
  }

  /** Every application's summary as of the last batch (the overview scope may publish later). */
  appSummaries(): AppSummary[] {
    const out: AppSummary[] = [];
    for (const entry of this.apps.values()) if (entry.summary) out.push(entry.summary);
    return out;
  }

  app(namespace: string, appId: string): { summary: AppSummary | null; records: PodRecord[]; driverLog: DriverLogEntry[] } | null {
    const entry = this.apps.get(appKey(namespace, appId));
    if (!entry) return null;
    return { summary: entry.summary, records: entry.records.filter((r): r is PodRecord => r !== null), driverLog: entry.driverLog };
  }

  record(uid: string): PodRecord | undefined {
    return this.records.get(uid);
  }

  /** Application keys of the namespace whose pods mount the claim `name`. */
  appsUsingClaim(namespace: string, name: string): string[] {
    return [...(this.claimUsers.get(`${namespace}/${name}`)?.keys() ?? [])];
  }


  findPod(namespace: string, name: string): PodRecord | undefined {
    let found: PodRecord | undefined;
    for (const r of this.records.values()) {
      const entry = this.apps.get(r.appKey);
      if (r.row.name === name && entry?.namespace === namespace && (!found || (r.row.createdAt ?? 0) > (found.row.createdAt ?? 0))) found = r;
    }
    return found;
  }

  size(): { pods: number; apps: number; departed: number } {
    let departed = 0;
    for (const e of this.apps.values()) departed += e.departed.length;
    return { pods: this.records.size, apps: this.apps.size, departed };
  }
}
