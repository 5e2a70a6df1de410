// The store core of one cluster: Spark's ExecutorPodsSnapshotsStore, and nothing more. Sources
// call its two verbs (updatePod for a watch event, replaceSnapshot for a full list, delivered
// as a listing session so a list is applied as it is read and never held whole); it keeps
// one compact record per pod (keyed by uid, in Spark's state), orders versions, records
// transitions, forgets departed pods after the retention, and every batch interval hands each
// subscriber one change batch (changeBatch.ts). Publishing to browsers, summaries, counts over
// time, the driver's log and claim lookups are subscribers, each on its own schedule.
//
// Rules beyond Spark's:
//  • a pod missing from a full list is recorded as deleted, at the time of the list, unless
//    we hold a newer resourceVersion than the list (it was written after the list was taken);
//  • an older resourceVersion never overwrites a newer one (lib/snapshot/resourceVersion);
//  • a pod gone from the API (DELETED event or missing) is 'deleted' and kept for `retentionMs`;
//  • a cached list older than what we applied is stale (dropped: the source asks again,
//    consistently); a consistent answer older than what we applied means the cluster's state
//    went back in time (etcd restored, cluster recreated behind the same address): we forget
//    every resourceVersion we hold, take the answer as the new truth and ask every source to
//    list again, so the view converges to what `kubectl get pods` shows.
// Longer than most files here because it is one mechanism (the two verbs and what they do to
// a record); its parts live apart: records (podRecords), the cluster's version history
// (versionHistory), delivery (subscriberRunner), batches (changeBatch).

import type { ClusterReset } from '../../lib/health/sourceHealth';
import type { KubePod } from '../../lib/kube/types';
import { cpuCoresOf, podResources, type PodResources } from '../../lib/kube/podResources';
import { podWaiting, type PodWaiting } from '../../lib/why/podWaiting';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import type { ExitText } from '../../lib/snapshot/executorView';
import { describeDriverChange, driverLogEntry, driverSignature } from '../../lib/snapshot/driverLog';
import type { PodRow, Transition } from '../../lib/snapshot/executorRow';
import { boundTransitions, ROW_FIELDS, UNPLACED } from '../../lib/snapshot/executorRow';
import type { PodProjection, ProjectionOptions } from '../../lib/snapshot/podProjection';
import { projectPod } from '../../lib/snapshot/podProjection';
import { isAtOrBefore, isNewerResourceVersion } from '../../lib/snapshot/resourceVersion';
import { isFinalPodState } from '../../lib/spark/podState';
import { deriveTransitions, transitionsForChange } from '../../lib/timeline/derivedTransitions';
import type { FullListing, ListingOutcome, ListingStart, PodEventType, SnapshotSink, VersionMark } from './snapshotSink';
import type { Logger } from '../log';
import type { Cancel, Scheduler } from '../scheduling/scheduler';
import type { ChangeBatch, ListingEvent, PodChange, PodVersion } from './changeBatch';
import { slimPod } from './slimPod';
import { PodRecords, type PodRecord } from './podRecords';
import { SubscriberRunner, type StoreSubscriber } from './subscriberRunner';
import { VersionHistory } from './versionHistory';

export interface StoreCoreOptions {
  projection: ProjectionOptions;
  batchIntervalMs: number;
  /** How long a pod that left the API stays visible as history. */
  retentionMs: number;
  /** Beyond this many departed pods per application, the oldest are forgotten first. */
  maxDepartedPerApp: number;
  maxTransitions: number;
  /** The namespaces the pod watches cover ('*' = all): a reset is rebuilt once each has listed again. */
  watchedNamespaces?: readonly string[];
  scheduler: Scheduler;
}

interface PendingChange {
  before: PodVersion | null;
  transitions: Transition[];
  driverLog: DriverLogEntry[];
  receivedAt: number;
}

export interface StoreCoreMetrics {
  podUpdates: number;
  staleUpdatesIgnored: number;
  /** Pods a full list held unchanged, counted without being parsed. */
  unchangedListed: number;
  fullListings: number;
  markedGoneByListing: number;
  malformedPods: number;
  evicted: number;
  batches: number;
  staleListings: number;
  supersededListings: number;
  resets: number;
}

function claimNamesOf(pod: KubePod): string[] {
  const volumes = Array.isArray(pod.spec?.volumes) ? pod.spec!.volumes! : [];
  return volumes.map((v) => v?.persistentVolumeClaim?.claimName).filter((n): n is string => typeof n === 'string');
}

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameWaiting = (a: PodWaiting | null, b: PodWaiting | null) =>
  a === b || (!!a && !!b && a.reason === b.reason && a.message === b.message && a.container === b.container && a.since === b.since);

export class StoreCore implements SnapshotSink {
  readonly metrics: StoreCoreMetrics = {
    podUpdates: 0, staleUpdatesIgnored: 0, unchangedListed: 0, fullListings: 0, markedGoneByListing: 0, malformedPods: 0, evicted: 0, batches: 0,
    staleListings: 0, supersededListings: 0, resets: 0,
  };
  private readonly records = new PodRecords();
  /** One object per distinct set of requests and limits: thousands of executors of one application share it. */
  private readonly resourceShapes = new Map<string, PodResources>();
  private pending = new Map<string, PendingChange>();
  private listings: ListingEvent[] = [];
  private seq = 0;
  /** The seq of the batch that carried the last full listing (what readiness waits for). */
  private lastListingSeq = 0;
  private readonly runners: SubscriberRunner[] = [];
  /** The subscribers that may hold departed pods past the retention (see StoreSubscriber.holds). */
  private readonly holders: StoreSubscriber[] = [];
  private cancelTimer: Cancel | null = null;
  private readonly history: VersionHistory;
  private readonly scheduler: Scheduler;

  constructor(private readonly options: StoreCoreOptions, private readonly log: Logger) {
    this.scheduler = options.scheduler;
    this.history = new VersionHistory(options.watchedNamespaces ?? ['*'], log);
  }

  // ------------------------------------------------------------ subscribers and lifecycle

  /**
   * Adds a subscriber on its own interval. As in Spark, its first batch is the present: every
   * pod the core holds, as new.
   */
  addSubscriber(subscriber: StoreSubscriber): SubscriberRunner {
    const runner = new SubscriberRunner(subscriber, this.scheduler, this.log);
    if (this.records.count) {
      const now = this.scheduler.now();
      const changes: PodChange[] = [...this.records.values()].map((r) => ({ uid: r.uid, before: null, after: r.version, transitions: [...r.version.row.tr], driverLog: [], receivedAt: now }));
      runner.enqueue({ seq: this.seq, at: this.scheduler.now(), changes, listings: [], reset: null });
    }
    this.runners.push(runner);
    if (subscriber.holds) this.holders.push(subscriber);
    if (this.cancelTimer) runner.start();
    return runner;
  }

  start(): void {
    if (this.cancelTimer) return;
    this.cancelTimer = this.scheduler.every(this.options.batchIntervalMs, () => this.flush());
    for (const r of this.runners) r.start();
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const r of this.runners) r.stop();
  }

  /** Called when the cluster's state went back in time: every source must list again. */
  onReset(listener: (reset: ClusterReset) => void): () => void {
    return this.history.onReset(listener);
  }

  /** The last reset (rebuilt or still rebuilding), for health. */
  reset(): ClusterReset | null {
    return this.history.lastReset();
  }

  /** True once every subscriber that gates readiness has processed the last full listing. */
  listingsPublished(): boolean {
    return this.runners.every((r) => !r.subscriber.gatesReadiness || r.hasProcessed(this.lastListingSeq));
  }

  subscriberMetrics(): { name: string; metrics: SubscriberRunner['metrics']; busy: boolean }[] {
    return this.runners.map((r) => ({ name: r.subscriber.name, metrics: r.metrics, busy: r.busy }));
  }

  // ------------------------------------------------------------ taking back the record

  private internResources(r: PodResources): PodResources {
    const key = JSON.stringify(r);
    const known = this.resourceShapes.get(key);
    if (known) return known;
    // Distinct shapes are few (one or two per application); a flood of unique ones is not interned.
    if (this.resourceShapes.size < 10_000) this.resourceShapes.set(key, r);
    return r;
  }

  /**
   * Before the sources start: pods the record held when the dashboard last ran (still present
   * then, or gone within the retention), held again as they were. The first full list then
   * decides, by the same rule as always, which of them left while nobody watched: those are
   * recorded as deleted at the time of that list.
   */
  restore(pods: Iterable<{ uid: string; namespace: string; appId: string; appName: string | null; row: Omit<PodRow, 'k'>; goneAt: number | null; exit: ExitText | null; signature: string | null; cores: number | null }>): number {
    const now = this.scheduler.now();
    let restored = 0;
    for (const p of pods) {
      if (this.records.get(p.uid)) continue;
      const row: PodRow = { ...p.row, k: UNPLACED };
      this.records.add({
        uid: p.uid, version: { uid: p.uid, namespace: p.namespace, appId: p.appId, appName: p.appName, row, claimNames: [], cores: p.cores, resources: null, waiting: null },
        resourceVersion: undefined, finalPod: null, goneAt: p.goneAt, driverSignature: p.signature, restoredExit: p.exit,
      });
      this.pending.set(p.uid, { before: null, transitions: [...row.tr], driverLog: [], receivedAt: now });
      restored++;
    }
    return restored;
  }

  // ------------------------------------------------------------ the two verbs

  updatePod(pod: KubePod, type: PodEventType, receivedAt: number): void {
    this.metrics.podUpdates++;
    this.apply(pod, receivedAt, type === 'DELETED' ? 'gone' : 'present');
  }

  /** The whole list at once (tests, small lists): a listing session fed from an array. */
  replaceSnapshot(pods: KubePod[], listing: FullListing): ListingOutcome {
    const session = this.beginListing(listing);
    if (typeof session === 'string') return session;
    for (const pod of pods) session.add(pod);
    return session.finish();
  }

  beginListing(listing: FullListing): ListingStart<KubePod> {
    if (this.history.superseded(listing.mark)) {
      // Asked before the last reset: it may come from the old history.
      this.metrics.supersededListings++;
      return 'superseded';
    }
    const older = this.history.older(listing.resourceVersion, listing.mark);
    if (older && !listing.consistent) {
      this.metrics.staleListings++;
      return 'stale';
    }
    if (older) this.resetHistory(listing.resourceVersion!, listing.source, listing.listedAt);
    const epoch = this.history.mark().epoch;
    // uids only: the pods themselves are projected and dropped as they are read.
    const seen = new Set<string>();
    let finished = false;
    return {
      add: (pod) => {
        const uid = this.apply(pod, listing.listedAt, 'present');
        if (uid) seen.add(uid);
      },
      // A resourceVersion names one write of one object: same uid and version, nothing to read.
      unchanged: (uid, resourceVersion) => {
        const record = this.records.get(uid);
        if (!record || record.goneAt !== null || record.resourceVersion !== resourceVersion) return false;
        this.metrics.unchangedListed++;
        seen.add(uid);
        return true;
      },
      finish: () => {
        if (finished) throw new Error('a listing session finished twice');
        finished = true;
        // A reset noticed while this list was read: its absences prove nothing any more.
        if (this.history.mark().epoch !== epoch) {
          this.metrics.supersededListings++;
          return 'superseded';
        }
        return this.finishListing(listing, seen, older);
      },
    };
  }

  private finishListing(listing: FullListing, seen: Set<string>, older: boolean): ListingOutcome {
    this.metrics.fullListings++;
    for (const record of this.records.values()) {
      if (record.goneAt !== null || seen.has(record.uid)) continue;
      if (listing.namespace !== '*' && record.version.namespace !== listing.namespace) continue;
      // Written after the list was taken (a watch event overtook a cached list): not missing.
      if (record.resourceVersion !== undefined && listing.resourceVersion !== undefined && !isAtOrBefore(record.resourceVersion, listing.resourceVersion)) continue;
      this.metrics.markedGoneByListing++;
      this.markGone(record, listing.listedAt);
    }
    this.history.applied(listing.resourceVersion);
    if (listing.consistent) this.history.relisted(listing.namespace, listing.listedAt);
    const outcome = older ? 'reset' : 'applied';
    this.listings.push({ namespace: listing.namespace, listedAt: listing.listedAt, resourceVersion: listing.resourceVersion, source: listing.source, outcome });
    // A full listing is one batch already: hand it over now rather than at the next tick.
    this.flush();
    this.lastListingSeq = this.seq;
    for (const r of this.runners) r.notify();
    return outcome;
  }

  versionMark(): VersionMark {
    return this.history.mark();
  }

  observeClusterVersion(resourceVersion: string | undefined, mark: VersionMark, source: string): void {
    if (this.history.superseded(mark) || !this.history.older(resourceVersion, mark)) return;
    this.resetHistory(resourceVersion!, source, this.scheduler.now());
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
    const rv = pod.metadata.resourceVersion;
    const existing = this.records.get(projection.uid);
    if (existing && !isNewerResourceVersion(rv, existing.resourceVersion)) {
      this.metrics.staleUpdatesIgnored++;
      return projection.uid;
    }
    this.history.applied(rv);
    if (presence === 'gone') {
      projection.gone = true;
      // Gone from the API is deleted, whatever the last object said (Spark would drop it at its next poll).
      projection.state = 'deleted';
      projection.deleting = false;
      projection.deletedAt ??= at;
    }
    const finalPod = isFinalPodState(projection.state) ? slimPod(pod) : null;
    const identity: Pick<PodVersion, 'namespace' | 'appId' | 'appName' | 'operatorApp'> = { namespace: projected.namespace, appId: projected.appId, appName: projected.appName };
    if (projected.operatorApp) identity.operatorApp = projected.operatorApp;
    const claimNames = claimNamesOf(pod);
    const resources = this.internResources(podResources(pod));
    const cores = cpuCoresOf(resources);
    const found = podWaiting(pod);
    if (!existing) {
      const tr = boundTransitions(deriveTransitions(projection, at), this.options.maxTransitions);
      const row: PodRow = { k: UNPLACED, ...projection, since: tr[tr.length - 1][1], tr };
      const record: PodRecord = {
        uid: projection.uid, version: { uid: projection.uid, ...identity, row, claimNames, cores, resources, waiting: found }, resourceVersion: rv,
        finalPod, goneAt: presence === 'gone' ? at : null, driverSignature: null,
      };
      this.records.add(record);
      this.pending.set(record.uid, { before: null, transitions: [...tr], driverLog: [], receivedAt: at });
      this.logDriver(record, pod, at);
      return record.uid;
    }
    existing.resourceVersion = rv;
    existing.finalPod = finalPod ?? existing.finalPod;
    const prev = existing.version;
    const moved = prev.namespace !== identity.namespace || prev.appId !== identity.appId;
    if (moved) this.records.move(existing, prev, identity);
    if (presence === 'gone' && existing.goneAt === null) { existing.goneAt = at; this.records.departed(existing); }
    if (presence === 'present' && existing.goneAt !== null) existing.goneAt = null;
    this.updateRow(existing, projection, at, { ...identity, appName: identity.appName ?? prev.appName, claimNames: sameNames(prev.claimNames, claimNames) ? prev.claimNames : claimNames, cores, resources, waiting: sameWaiting(prev.waiting, found) ? prev.waiting : found });
    this.logDriver(existing, pod, at);
    return existing.uid;
  }

  private updateRow(record: PodRecord, projection: PodProjection, at: number, identity: Omit<PodVersion, 'uid' | 'row'>): void {
    const prevVersion = record.version;
    const prev = prevVersion.row;
    let tr = prev.tr;
    let since = prev.since;
    let appended: Transition[] = [];
    if (projection.state !== prev.state) {
      // A pod deleted while running stayed running by Spark's rules until it left: date the
      // transition when it left, not when the deletion was requested.
      const facts = prev.deleting && projection.state === 'deleted' ? { ...projection, deletedAt: at } : projection;
      appended = transitionsForChange(prev.tr, facts, at);
      if (appended.length) {
        tr = boundTransitions([...prev.tr, ...appended], this.options.maxTransitions);
        since = appended[appended.length - 1][1];
      }
    }
    const row: PodRow = { k: UNPLACED, ...projection, since, tr };
    const sameIdentity = prevVersion.namespace === identity.namespace && prevVersion.appId === identity.appId
      && prevVersion.appName === identity.appName && prevVersion.claimNames === identity.claimNames && prevVersion.cores === identity.cores && prevVersion.resources === identity.resources && prevVersion.waiting === identity.waiting;
    if (sameIdentity && tr === prev.tr && ROW_FIELDS.every((f) => prev[f] === row[f])) return;
    this.touch(record, { uid: record.uid, ...identity, row }, appended, at);
  }

  /** Replaces a record's version, remembering what it was at the start of the batch. */
  private touch(record: PodRecord, next: PodVersion, appended: readonly Transition[], at: number): void {
    let change = this.pending.get(record.uid);
    if (!change) {
      change = { before: record.version, transitions: [], driverLog: [], receivedAt: at };
      this.pending.set(record.uid, change);
    }
    if (appended.length) change.transitions.push(...appended);
    record.version = next;
  }

  private markGone(record: PodRecord, at: number): void {
    record.goneAt = at;
    this.records.departed(record);
    const { k: _k, since: _since, tr: _tr, ...prev } = record.version.row;
    const { uid: _uid, row: _row, ...identity } = record.version;
    this.updateRow(record, { ...prev, state: 'deleted', gone: true, deleting: false, deletedAt: prev.deletedAt ?? at }, at, identity);
  }

  private logDriver(record: PodRecord, pod: KubePod, at: number): void {
    const row = record.version.row;
    if (row.role !== 'driver') return;
    const signature = driverSignature(pod, row.state);
    if (signature === record.driverSignature) return;
    const change = describeDriverChange(record.driverSignature, signature);
    record.driverSignature = signature;
    let pending = this.pending.get(record.uid);
    if (!pending) {
      pending = { before: record.version, transitions: [], driverLog: [], receivedAt: at };
      this.pending.set(record.uid, pending);
    }
    pending.driverLog.push(driverLogEntry(pod, row.state, at, change));
  }

  // ------------------------------------------------------------ versions and resets

  /** The cluster went back in time: forget every version we hold and have every source list again. */
  private resetHistory(after: string, detectedBy: string, at: number): void {
    this.metrics.resets++;
    this.history.reset(after, detectedBy, at, () => { for (const record of this.records.values()) record.resourceVersion = undefined; });
  }

  // ------------------------------------------------------------ retention and batching

  /** Departed pods forgotten after the retention: their change says so (after: null). */
  private evict(now: number): void {
    this.records.evict(now - this.options.retentionMs, this.options.maxDepartedPerApp, (record) => {
      this.metrics.evicted++;
      if (!this.pending.has(record.uid)) this.pending.set(record.uid, { before: record.version, transitions: [], driverLog: [], receivedAt: now });
    }, this.holders.length ? (uid) => this.holders.some((s) => s.holds!(uid)) : undefined);
  }

  /** Hands everything recorded since the last batch to every subscriber, as one batch. */
  flush(): ChangeBatch | null {
    this.evict(this.scheduler.now());
    const reset = this.history.takeUnreported();
    if (this.pending.size === 0 && this.listings.length === 0 && !reset) return null;
    const changes: PodChange[] = [];
    for (const [uid, p] of this.pending) {
      const after = this.records.get(uid)?.version ?? null;
      if (p.before === after && p.transitions.length === 0 && p.driverLog.length === 0) continue;
      changes.push({ uid, before: p.before, after, transitions: p.transitions, driverLog: p.driverLog, receivedAt: p.receivedAt });
    }
    this.pending = new Map();
    const batch: ChangeBatch = { seq: ++this.seq, at: this.scheduler.now(), changes, listings: this.listings, reset };
    this.listings = [];
    this.metrics.batches++;
    for (const r of this.runners) {
      r.enqueue(batch);
      // Subscribers on the batch interval run right after it, not a timer phase later.
      if (r.subscriber.intervalMs <= this.options.batchIntervalMs) r.notify();
    }
    return batch;
  }

  // ------------------------------------------------------------ reads

  /** Every record of an application (namespace + spark-app-selector), departed ones included. */
  appRecords(namespace: string, appId: string): PodRecord[] {
    return this.records.ofApp(namespace, appId);
  }

  record(uid: string): PodRecord | undefined {
    return this.records.get(uid);
  }

  /** Every pod held now, as subscribers know it. */
  *versions(): IterableIterator<PodVersion> {
    for (const r of this.records.values()) yield r.version;
  }

  /** The newest pod we know by that name in that namespace. */
  findPod(namespace: string, name: string): PodRecord | undefined {
    return this.records.byPodName(namespace, name);
  }

  size(): { pods: number; apps: number; departed: number } {
    return this.records.size();
  }
}
