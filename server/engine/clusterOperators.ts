// Spark operator resources of one cluster: which kinds its API serves (discovery, asked again
// from time to time since operators are installed and removed), their list-watches (optional:
// without the permission the rest works and the UI says what is missing), and the join of each
// SparkApplication to the Spark applications its pods make, by the id the operator recorded
// (spark-app-selector), by its driver pod's name, and by the operator's app-name label.
// Applications that never got a pod (a failed submission) become overview rows of their own.

import type { AppOperatorResponse, MissingAccess, OperatorAvailability } from '../../lib/apiTypes';
import { executorDisagreements } from '../../lib/operator/executorDisagreement';
import { readApacheApp } from '../../lib/operator/apacheStatus';
import { readKubeflowApp, readKubeflowSchedule } from '../../lib/operator/kubeflowStatus';
import { operatorAppId, operatorNameOf, type OperatorApp, type OperatorSchedule } from '../../lib/operator/operatorApp';
import { operatorRef } from '../../lib/operator/operatorJoin';
import { appKey, emptyCounts, type AppSummary } from '../../lib/snapshot/appSummary';
import type { ExecutorPodState } from '../../lib/spark/podState';
import type { BackoffOptions } from '../kube/backoff';
import type { KubeTransport } from '../kube/kubeTransport';
import type { ServedOperatorKind } from '../../lib/operator/operatorKinds';
import { discoverOperatorKinds } from '../kube/operatorDiscovery';
import { ListWatchSource } from '../kube/podWatchSource';
import type { ResourceKind } from '../kube/resourceListing';
import type { SourceHealthTracker } from '../kube/sourceHealthTracker';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduling/scheduler';
import { NamespacedObjects } from '../store/namespacedObjects';
import { OperatorAppStore, type OperatorObject } from '../store/operatorAppStore';

/** Discovery is asked again this often (an operator installed later is picked up). */
const DISCOVERY_EVERY_MS = 60_000;
/** Spark application ids kept per operator application (one per attempt). */
const MAX_ATTEMPTS = 20;

export interface ClusterOperatorsOptions {
  cluster: string;
  transport: KubeTransport;
  namespaces: readonly string[];
  pageSize: number;
  scheduler: Scheduler;
  watchTiming: { watchTimeoutSeconds: number; idleTimeoutMs: number; backoff?: BackoffOptions };
  /** The Spark application a pod belongs to, when the engine knows the pod. */
  findPod(namespace: string, name: string): { appId: string; state: ExecutorPodState } | null;
  /** Spark's state of each pod of an application, by pod name (for the operator's executor map). */
  podStates(namespace: string, appId: string): Map<string, ExecutorPodState>;
  /** The application has pods the engine knows. */
  hasApp(namespace: string, appId: string): boolean;
  /** Applications whose pods the operator's app-name label gives this name. */
  appsLabelled(namespace: string, name: string): string[];
  /** The operator application an application's pods are labelled with. */
  labelOf(namespace: string, appId: string): string | null;
}

type AppPresence = (namespace: string, appId: string) => boolean;
/** An operator application changed; `appIds` are the Spark applications joined to it (before the change too). */
export type OperatorChangeListener = (app: OperatorApp, appIds: readonly string[]) => void;

export class ClusterOperators {
  /** Operator kinds found by the last discovery that answered. */
  served: ServedOperatorKind[] = [];
  discovered = false;
  private discoveryError: string | null = null;
  /** By `group/version/plural@namespace`. */
  private readonly watches = new Map<string, { kind: ServedOperatorKind; source: ListWatchSource<OperatorObject> }>();
  private readonly stores = new Map<string, OperatorAppStore>();
  private readonly schedules = new NamespacedObjects<OperatorObject>();
  /** Spark application ids each operator application ran, by its key (current attempt last). */
  private readonly attempts = new Map<string, string[]>();
  private readonly byAppId = new Map<string, OperatorApp>();
  private readonly byDriver = new Map<string, OperatorApp>();
  private readonly byKey = new Map<string, OperatorApp>();
  private readonly listeners = new Set<OperatorChangeListener>();
  private readonly healthListeners = new Set<() => void>();
  private stopDiscovery: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: ClusterOperatorsOptions, private readonly log: Logger) {
    this.schedules.onChange((s) => {
      // A schedule's runs are its applications: the pages showing them refresh with it.
      const name = s.metadata?.name;
      const namespace = s.metadata?.namespace;
      if (!name || !namespace) return;
      for (const app of this.byKey.values()) if (app.namespace === namespace && app.scheduledBy === name) this.announce(app);
    });
  }

  start(): void {
    const run = () => { void this.discover(); };
    run();
    this.stopDiscovery = this.options.scheduler.every(DISCOVERY_EVERY_MS, run);
  }

  stop(): void {
    this.stopped = true;
    this.stopDiscovery?.();
    for (const w of this.watches.values()) w.source.stop();
  }

  /** Called when an operator application changes (its rows and pages refresh). */
  onChange(listener: OperatorChangeListener): void {
    this.listeners.add(listener);
  }

  /** Called when a watch's health changes, including watches that start later. */
  onHealthChange(listener: () => void): void {
    this.healthListeners.add(listener);
    for (const w of this.watches.values()) w.source.tracker.onChange(listener);
  }

  get trackers(): SourceHealthTracker[] {
    return [...this.watches.values()].map((w) => w.source.tracker);
  }

  resync(): void {
    for (const w of this.watches.values()) w.source.resync();
  }

  private async discover(): Promise<void> {
    let served: ServedOperatorKind[];
    try {
      served = await discoverOperatorKinds(this.options.transport);
      this.discoveryError = null;
    } catch (e) {
      this.discoveryError = e instanceof Error ? e.message : String(e);
      this.log.once('info', 'operator-discovery', 'operator kinds could not be discovered; asking again later', { error: this.discoveryError });
      return;
    }
    if (this.stopped) return;
    const before = this.served.map((k) => this.kindId(k)).join();
    this.served = served;
    this.discovered = true;
    if (served.map((k) => this.kindId(k)).join() !== before) this.log.info('operator kinds served', { kinds: served.map((k) => `${k.kind}.${k.group}/${k.version}`) });
    for (const kind of served) this.watch(kind);
    // A kind no longer served (its CRD deleted): its watch stops and what it held goes.
    for (const [key, w] of this.watches) {
      const id = this.kindId(w.kind);
      if (served.some((k) => this.kindId(k) === id)) continue;
      w.source.stop();
      this.watches.delete(key);
      const store = this.stores.get(id);
      if (store) for (const app of [...store.all()]) store.upsert({ metadata: { uid: app.uid } }, 'DELETED');
    }
  }

  private kindId(k: ServedOperatorKind): string {
    return `${k.group}/${k.version}/${k.plural}`;
  }

  private watch(kind: ServedOperatorKind): void {
    const id = this.kindId(kind);
    const resource: ResourceKind = { plural: kind.plural, label: kind.kind, group: { name: kind.group, version: kind.version } };
    const sink = kind.kind === 'ScheduledSparkApplication' ? this.schedules : this.storeFor(kind, id);
    if (!sink) return;
    const { transport, pageSize, scheduler, watchTiming } = this.options;
    for (const namespace of this.options.namespaces) {
      const key = `${id}@${namespace}`;
      if (this.watches.has(key)) continue;
      const source = new ListWatchSource<OperatorObject>(transport, resource, sink, { namespace, pageSize, scheduler, ...watchTiming }, this.log.child(kind.plural));
      for (const l of this.healthListeners) source.tracker.onChange(l);
      this.watches.set(key, { kind, source });
      source.start();
      for (const l of this.healthListeners) l();
    }
  }

  private storeFor(kind: ServedOperatorKind, id: string): OperatorAppStore | null {
    let store = this.stores.get(id);
    if (store) return store;
    const cluster = this.options.cluster;
    const read = kind.operator === 'kubeflow' ? (o: OperatorObject) => readKubeflowApp(o, cluster) : kind.kind === 'SparkApplication' ? (o: OperatorObject) => readApacheApp(o, cluster) : null;
    if (!read) return null;
    store = new OperatorAppStore(read, () => this.options.scheduler.now(), (before, after) => this.changed(before, after));
    this.stores.set(id, store);
    return store;
  }

  private changed(before: OperatorApp | null, after: OperatorApp | null): void {
    const ns = (after ?? before)!.namespace;
    if (before) {
      if (this.byKey.get(before.key) === before) this.byKey.delete(before.key);
      if (before.driverPodName && this.byDriver.get(`${ns}/${before.driverPodName}`) === before) this.byDriver.delete(`${ns}/${before.driverPodName}`);
      for (const appId of this.attempts.get(before.key) ?? []) if (this.byAppId.get(`${ns}/${appId}`) === before) this.byAppId.delete(`${ns}/${appId}`);
    }
    if (after) {
      this.byKey.set(after.key, after);
      const attempts = this.attempts.get(after.key) ?? [];
      if (after.appId && attempts[attempts.length - 1] !== after.appId) {
        const kept = attempts.filter((a) => a !== after.appId);
        kept.push(after.appId);
        this.attempts.set(after.key, kept.slice(-MAX_ATTEMPTS));
      }
      if (after.driverPodName) this.byDriver.set(`${ns}/${after.driverPodName}`, after);
      for (const appId of this.attempts.get(after.key) ?? []) this.byAppId.set(`${ns}/${appId}`, after);
    }
    const app = after ?? before!;
    const appIds = this.appIdsOf(app);
    if (!after) this.attempts.delete(app.key);
    for (const l of this.listeners) l(app, appIds);
  }

  private announce(app: OperatorApp): void {
    const appIds = this.appIdsOf(app);
    for (const l of this.listeners) l(app, appIds);
  }

  /** The operator application a Spark application belongs to (by its id, else by its driver pod's name). */
  appFor(namespace: string, appId: string, driverName: string | null | undefined): OperatorApp | null {
    const named = operatorNameOf(appId);
    if (named) return this.byKey.get(`${this.options.cluster}/${namespace}/${named}`) ?? null;
    const byId = this.byAppId.get(`${namespace}/${appId}`) ?? (driverName ? this.byDriver.get(`${namespace}/${driverName}`) : undefined);
    if (byId) return byId;
    const labelled = this.options.labelOf(namespace, appId);
    return labelled ? this.byKey.get(`${this.options.cluster}/${namespace}/${labelled}`) ?? null : null;
  }

  /** The summary with its operator application, when one is joined. */
  decorate(summary: AppSummary): AppSummary {
    const app = this.appFor(summary.namespace, summary.appId, summary.driver?.name);
    return app ? { ...summary, operator: operatorRef(app) } : summary;
  }

  /** Operator applications no pod of this cluster belongs to: rows of their own. */
  podless(hasApp: AppPresence = this.options.hasApp): AppSummary[] {
    const out: AppSummary[] = [];
    for (const app of this.byKey.values()) if (!this.joinedAppId(app, hasApp)) out.push(this.podlessSummary(app));
    return out;
  }

  /** The Spark application (with pods the engine knows) an operator application joined, newest attempt first. */
  joinedAppId(app: OperatorApp, hasApp: AppPresence = this.options.hasApp): string | null {
    const attempts = this.attempts.get(app.key) ?? [];
    for (let i = attempts.length - 1; i >= 0; i--) if (hasApp(app.namespace, attempts[i])) return attempts[i];
    if (app.driverPodName) {
      const pod = this.options.findPod(app.namespace, app.driverPodName);
      if (pod && hasApp(app.namespace, pod.appId)) return pod.appId;
    }
    const labelled = this.options.appsLabelled(app.namespace, app.name);
    for (let i = labelled.length - 1; i >= 0; i--) if (hasApp(app.namespace, labelled[i])) return labelled[i];
    return null;
  }

  /** Every Spark application id joined to it: the ids its status recorded, then any its pods' labels add. */
  private appIdsOf(app: OperatorApp): string[] {
    const ids = [...(this.attempts.get(app.key) ?? [])];
    const driver = app.driverPodName ? this.options.findPod(app.namespace, app.driverPodName) : null;
    if (driver && !ids.includes(driver.appId)) ids.push(driver.appId);
    for (const id of this.options.appsLabelled(app.namespace, app.name)) if (!ids.includes(id)) ids.unshift(id);
    return ids;
  }

  /** Pods labelled for an operator application came or went: its rows and pages refresh. */
  labelsChanged(namespace: string, name: string): void {
    const app = this.byKey.get(`${this.options.cluster}/${namespace}/${name}`);
    if (app) this.announce(app);
  }

  podlessSummary(app: OperatorApp): AppSummary {
    const appId = operatorAppId(app.name);
    const last = app.history[app.history.length - 1]?.at ?? null;
    return {
      key: appKey(this.options.cluster, app.namespace, appId), cluster: this.options.cluster, namespace: app.namespace, appId, appName: app.name,
      driver: null, counts: emptyCounts(), executors: 0, unregistered: 0, inactive: 0, anomalies: 0,
      createdAt: app.createdAt, lastChangeAt: Math.max(last ?? 0, app.createdAt ?? 0, app.terminatedAt ?? 0), oldestPendingSince: null, present: 0,
      operator: operatorRef(app),
    };
  }

  /** Every overview row of this cluster: the pod-based summaries joined to their operator applications, then the pod-less ones. */
  overviewRows(summaries: readonly AppSummary[]): AppSummary[] {
    if (!this.byKey.size) return [...summaries];
    return [...summaries.map((s) => this.decorate(s)), ...this.podless()];
  }

  schedule(namespace: string, name: string): OperatorSchedule | null {
    const raw = this.schedules.inNamespace(namespace).find((s) => s.metadata?.name === name);
    if (!raw) return null;
    const runs = [...this.byKey.values()].filter((a) => a.namespace === namespace && a.scheduledBy === name);
    return readKubeflowSchedule(raw, this.options.cluster, runs);
  }

  /** Every operator application of the cluster (tests, metrics). */
  apps(): OperatorApp[] {
    return [...this.byKey.values()];
  }

  availability(): OperatorAvailability {
    const missingAccess: MissingAccess[] = [];
    for (const { kind, source } of this.watches.values()) {
      const h = source.tracker.health;
      if (h.state !== 'retrying' || h.lastError?.status !== 403) continue;
      missingAccess.push({
        what: `${kind.kind} resources (${kind.group})`, verb: 'list', resource: kind.plural, group: kind.group, namespace: h.namespace === '*' ? undefined : h.namespace,
        message: `The dashboard may not list and watch ${kind.plural}.${kind.group}${h.namespace === '*' ? '' : ` in ${h.namespace}`}: grant list and watch on it (the operator rule of deploy/rbac.yaml) to see operator applications.`,
      });
    }
    return {
      served: this.served.map((k) => ({ operator: k.operator, group: k.group, version: k.version, kind: k.kind, plural: k.plural })),
      missingAccess, discovered: this.discovered,
    };
  }

  /** The operator side of one application's page. */
  appOperator(namespace: string, appId: string, driverName: string | null | undefined, now: number): AppOperatorResponse {
    const app = this.appFor(namespace, appId, driverName);
    const availability = this.availability();
    if (!app) return { app: null, schedule: null, attempts: [], disagreements: [], availability, at: now };
    const ids = this.appIdsOf(app);
    const current = app.appId && ids.includes(app.appId) ? app.appId : ids[ids.length - 1];
    const attempts = ids.map((id) => ({ appId: id, key: appKey(this.options.cluster, namespace, id), current: id === current }));
    const joined = this.joinedAppId(app);
    const ours = joined ? this.options.podStates(namespace, joined) : new Map<string, ExecutorPodState>();
    return {
      app, schedule: app.scheduledBy ? this.schedule(namespace, app.scheduledBy) : null, attempts,
      disagreements: executorDisagreements(app.executorStates, ours, app.phase), availability, at: now,
    };
  }
}
