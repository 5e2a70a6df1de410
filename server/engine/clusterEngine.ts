// Everything the dashboard does for one cluster: its transport, the pod watch and poll
// sources, the claims watch, the API probe, the store core and its subscribers (application
// scopes, the overview feed, counts over time, the driver's log, the claim index), and the
// cluster's health. The front door hosts one engine per cluster; nothing here knows of HTTP
// routing, sockets or other clusters, so one cluster down, slow or forbidden never stalls the
// others.

import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSummary } from '../../lib/cluster';
import type { HealthReport } from '../../lib/health/sourceHealth';
import { assessHealth } from '../../lib/health/sourceHealth';
import type { KubeEvent, KubeLimitRange, KubePersistentVolumeClaim, KubeResourceQuota } from '../../lib/kube/types';
import type { Config } from '../config';
import { ApiProbe } from '../kube/apiProbe';
import type { BackoffOptions } from '../kube/backoff';
import { createKubeTransport, type KubeTransport } from '../kube/kubeTransport';
import { PodPollingSource } from '../kube/podPollingSource';
import { ListWatchSource, PodWatchSource } from '../kube/podWatchSource';
import { CLAIMS, EVENTS, LIMIT_RANGES, QUOTAS } from '../kube/resourceListing';
import type { SourceHealthTracker } from '../kube/sourceHealthTracker';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduling/scheduler';
import { ClaimIndex } from '../store/claimIndex';
import { OperatorLabelIndex } from '../store/operatorLabelIndex';
import { OperatorOverlay } from '../store/operatorOverlay';
import { ClusterOperators } from './clusterOperators';
import { ClaimStore, NamespacedObjects } from '../store/namespacedObjects';
import { CountsHistory } from '../store/countsHistory';
import { DriverConfAsks } from '../store/driverConfAsks';
import { DriverLogScan } from '../store/driverLogScan';
import { DriverStateLog } from '../store/driverStateLog';
import { EventStore } from '../store/eventStore';
import { LogTails } from '../store/logTails';
import { OverviewFeed, type OverviewSink } from '../store/overviewFeed';
import { ScopePublisher } from '../store/scopePublisher';
import { StoreCore } from '../store/storeCore';

/** The settings an engine reads (the front door's Config has them all). */
export type EngineSettings = Pick<Config,
  'namespaces' | 'labelSelector' | 'pageSize' | 'pollInterval' | 'pollResourceVersion0' | 'batchInterval' | 'overviewInterval'
  | 'watchTimeout' | 'apiProbeInterval' | 'apiProbeTimeout' | 'checkAllContainers' | 'executorContainerName' | 'driverContainerName'
  | 'retention' | 'maxDepartedPerApp' | 'maxTransitions'>;

export interface ClusterEngineOptions {
  id: string;
  name: string;
  kubeConfig: KubeConfig;
  settings: EngineSettings;
  overview: OverviewSink;
  scheduler: Scheduler;
  log: Logger;
  /** Retry schedule of the watch sources (tests widen it to act while a source waits). */
  backoff?: BackoffOptions;
  /** Seconds from a watch event's arrival to its diff leaving the server (the metrics histogram). */
  observeLatency?: (seconds: number) => void;
}

/** Samples of executors per state over time: every 10 s, 6 hours' worth. */
const COUNTS_SAMPLE_MS = 10_000;
const COUNTS_SAMPLES = 2160;
const DRIVER_LOG_SIZE = 200;

export class ClusterEngine {
  readonly id: string;
  readonly name: string;
  readonly transport: KubeTransport;
  readonly core: StoreCore;
  readonly scopes: ScopePublisher;
  readonly overviewFeed: OverviewFeed;
  readonly counts: CountsHistory;
  readonly driverLog: DriverStateLog;
  readonly claimIndex: ClaimIndex;
  readonly claims = new ClaimStore();
  readonly watches: PodWatchSource[];
  readonly polls: PodPollingSource[];
  readonly claimWatches: ListWatchSource<KubePersistentVolumeClaim>[];
  /** Events about Spark pods and their claims (optional: without `list events` the rest works). */
  readonly events: EventStore;
  /** Log tails of drivers and executors that ended failed, kept beyond their pods. */
  readonly logTails: LogTails;
  readonly eventWatches: ListWatchSource<KubeEvent>[];
  /** Quotas and limit ranges of the watched namespaces: executors they refuse never exist as pods (optional). */
  readonly quotas = new NamespacedObjects<KubeResourceQuota>();
  readonly limitRanges = new NamespacedObjects<KubeLimitRange>();
  readonly quotaWatches: ListWatchSource<KubeResourceQuota | KubeLimitRange>[];
  /** What executors ask, from their driver's Spark conf, for applications without an executor pod. */
  readonly confAsks: DriverConfAsks;
  /** Executors the API refused, as running drivers logged them. */
  readonly driverLogScan: DriverLogScan;
  /** Spark operator resources (optional: discovered, and watched where the API serves them). */
  readonly operators: ClusterOperators;
  /** Applications whose pods an operator's app-name label names. */
  readonly operatorLabels: OperatorLabelIndex;
  readonly probe: ApiProbe;
  /** Namespaces the sources cover: ['*'] or a list. */
  readonly namespaces: readonly string[];
  /** When this engine started watching (the record's observation periods cover the rest). */
  readonly startedAt: number;
  private readonly trackers: SourceHealthTracker[];
  private readonly settings: EngineSettings;
  private readonly scheduler: Scheduler;

  constructor(options: ClusterEngineOptions) {
    const { settings, scheduler, log } = options;
    this.id = options.id;
    this.name = options.name;
    this.settings = settings;
    this.scheduler = scheduler;
    this.startedAt = scheduler.now();
    this.transport = createKubeTransport(options.kubeConfig);
    this.namespaces = settings.namespaces.includes('*') ? ['*'] : [...settings.namespaces];

    this.core = new StoreCore({
      projection: { checkAllContainers: settings.checkAllContainers, executorContainerName: settings.executorContainerName, driverContainerName: settings.driverContainerName },
      batchIntervalMs: settings.batchInterval,
      retentionMs: settings.retention,
      maxDepartedPerApp: settings.maxDepartedPerApp,
      maxTransitions: settings.maxTransitions,
      watchedNamespaces: this.namespaces,
      scheduler,
    }, log.child('store'));
    this.scopes = new ScopePublisher({ cluster: this.id, intervalMs: settings.batchInterval, maxTransitions: settings.maxTransitions, scheduler, observeLatency: options.observeLatency });
    const overlay = new OperatorOverlay(this.id, options.overview);
    this.overviewFeed = new OverviewFeed(this.id, Math.max(settings.batchInterval, settings.overviewInterval), overlay);
    this.counts = new CountsHistory({ cluster: this.id, intervalMs: settings.batchInterval, sampleIntervalMs: COUNTS_SAMPLE_MS, maxSamples: COUNTS_SAMPLES });
    this.driverLog = new DriverStateLog(settings.batchInterval, DRIVER_LOG_SIZE);
    this.claimIndex = new ClaimIndex(settings.batchInterval);
    this.events = new EventStore(settings.batchInterval, () => scheduler.now(), (namespace, name) => this.core.findPod(namespace, name)?.uid ?? null);
    this.logTails = new LogTails({
      intervalMs: settings.batchInterval, transport: this.transport, now: () => scheduler.now(),
      containerNames: { executor: settings.executorContainerName, driver: settings.driverContainerName },
    }, log.child('logs'));
    this.operatorLabels = new OperatorLabelIndex(settings.batchInterval);
    for (const s of [this.scopes, this.overviewFeed, this.counts, this.driverLog, this.claimIndex, this.operatorLabels, this.events, this.logTails]) this.core.addSubscriber(s);
    this.confAsks = new DriverConfAsks({ transport: this.transport, now: () => scheduler.now(), executorContainerName: settings.executorContainerName }, log.child('conf'));
    this.driverLogScan = new DriverLogScan({
      transport: this.transport, scheduler, driverContainerName: settings.driverContainerName,
      applications: () => this.scopes.summaries(),
      constrained: (namespace) => this.quotas.inNamespace(namespace).length + this.limitRanges.inNamespace(namespace).length > 0,
    }, log.child('driver-logs'));

    const common = { labelSelector: settings.labelSelector, pageSize: settings.pageSize, scheduler };
    const watchTiming = { watchTimeoutSeconds: Math.round(settings.watchTimeout / 1000), idleTimeoutMs: settings.watchTimeout + 60_000, backoff: options.backoff };
    this.watches = this.namespaces.map((namespace) => new PodWatchSource(this.transport, this.core, { ...common, ...watchTiming, namespace }, log.child('watch')));
    this.polls = this.namespaces.map((namespace) => new PodPollingSource(this.transport, this.core, {
      ...common, namespace, intervalMs: settings.pollInterval, useResourceVersion0: settings.pollResourceVersion0,
    }, log.child('poll')));
    // Claims are watched like pods (their changes reach open pages), but a dashboard that may
    // not read them still works: they are optional for readiness.
    this.claimWatches = this.namespaces.map((namespace) => new ListWatchSource<KubePersistentVolumeClaim>(this.transport, CLAIMS, this.claims, {
      namespace, pageSize: settings.pageSize, scheduler, ...watchTiming,
    }, log.child('claims')));
    this.eventWatches = this.namespaces.map((namespace) => new ListWatchSource<KubeEvent>(this.transport, EVENTS, this.events, {
      namespace, pageSize: settings.pageSize, scheduler, ...watchTiming,
    }, log.child('events')));
    this.quotaWatches = this.namespaces.flatMap((namespace) => [
      new ListWatchSource<KubeResourceQuota>(this.transport, QUOTAS, this.quotas, { namespace, pageSize: settings.pageSize, scheduler, ...watchTiming }, log.child('quotas')),
      new ListWatchSource<KubeLimitRange>(this.transport, LIMIT_RANGES, this.limitRanges, { namespace, pageSize: settings.pageSize, scheduler, ...watchTiming }, log.child('limitranges')),
    ]) as ListWatchSource<KubeResourceQuota | KubeLimitRange>[];
    this.operators = new ClusterOperators({
      cluster: this.id, transport: this.transport, namespaces: this.namespaces, pageSize: settings.pageSize, scheduler, watchTiming,
      findPod: (namespace, name) => {
        const r = this.core.findPod(namespace, name);
        return r ? { appId: r.version.appId, state: r.version.row.state } : null;
      },
      podStates: (namespace, appId) => new Map(this.core.appRecords(namespace, appId).map((r) => [r.version.row.name, r.version.row.state])),
      hasApp: (namespace, appId) => this.scopes.summary(namespace, appId) !== null,
      appsLabelled: (namespace, name) => this.operatorLabels.appsLabelled(namespace, name),
      labelOf: (namespace, appId) => this.operatorLabels.labelOf(namespace, appId),
    }, log.child('operators'));
    this.operatorLabels.onChange((namespace, name) => this.operators.labelsChanged(namespace, name));
    overlay.attach(this.operators);
    this.probe = new ApiProbe(this.transport, this.core, {
      namespace: this.namespaces[0], labelSelector: settings.labelSelector, intervalMs: settings.apiProbeInterval, timeoutMs: settings.apiProbeTimeout, scheduler,
    }, log.child('probe'));
    // A reset cluster: every list-watch starts over from a fresh list (the core decides from the first).
    this.core.onReset(() => {
      for (const w of [...this.watches, ...this.claimWatches, ...this.eventWatches, ...this.quotaWatches]) w.resync();
      this.operators.resync();
    });
    this.trackers = [...this.watches.map((w) => w.tracker), ...this.polls.map((p) => p.tracker), this.probe.tracker];
  }

  start(): void {
    this.core.start();
    for (const w of this.watches) w.start();
    for (const p of this.polls) p.start();
    for (const w of this.claimWatches) w.start();
    for (const w of [...this.eventWatches, ...this.quotaWatches]) w.start();
    this.probe.start();
    this.driverLogScan.start();
    this.operators.start();
  }

  stop(): void {
    this.operators.stop();
    this.driverLogScan.stop();
    this.probe.stop();
    for (const w of this.watches) w.stop();
    for (const p of this.polls) p.stop();
    for (const w of this.claimWatches) w.stop();
    for (const w of [...this.eventWatches, ...this.quotaWatches]) w.stop();
    this.core.stop();
  }

  /** Called whenever a source's health changes (the hub pushes health to browsers). */
  onHealthChange(listener: () => void): void {
    for (const t of [...this.trackers, ...[...this.claimWatches, ...this.eventWatches, ...this.quotaWatches].map((w) => w.tracker)]) t.onChange(listener);
    // Operator watches start after discovery: they take the listener when they do.
    this.operators.onHealthChange(listener);
  }

  /** Watches the live view does not need: without them, panels say what is missing and the rest works. */
  get optionalWatches(): { tracker: SourceHealthTracker }[] {
    return [...this.claimWatches, ...this.eventWatches, ...this.quotaWatches, ...this.operators.trackers.map((tracker) => ({ tracker }))];
  }

  /** Every quota and limit-range watch has listed and is not failing. */
  quotasReadable(): boolean {
    return this.quotaWatches.every((w) => w.tracker.health.synced && w.tracker.health.state !== 'retrying');
  }

  /** Every events watch has listed and is not failing (a 403 keeps it failing): events can be believed absent. */
  eventsReadable(): boolean {
    return this.eventWatches.every((w) => w.tracker.health.synced && w.tracker.health.state !== 'retrying');
  }

  now(): number {
    return this.scheduler.now();
  }

  /** Before every claims watch has listed, "no claims" cannot be told from "not known yet". */
  claimsReadable(): boolean {
    return this.claimWatches.every((w) => w.tracker.health.synced && w.tracker.health.state !== 'retrying');
  }

  health(): HealthReport {
    const now = this.scheduler.now();
    const sources = this.trackers.map((t) => ({ ...t.health }));
    const reset = this.core.reset();
    const verdict = assessHealth({ sources, now, pollIntervalMs: this.settings.pollInterval, reset });
    // Synced sources are not enough: what they listed must have reached the published views.
    if (verdict.ready && !this.core.listingsPublished()) {
      verdict.ready = false;
      verdict.problems = [...verdict.problems, 'The first full list is being published.'];
    }
    return { at: now, sources, optional: this.optionalWatches.map((w) => ({ ...w.tracker.health })), reset, ...verdict };
  }

  summary(): ClusterSummary {
    const health = this.health();
    const apps = this.overviewFeed.summaries();
    return {
      id: this.id, name: this.name, server: this.transport.server, namespaces: [...this.namespaces],
      status: health.ready ? 'healthy' : health.sources.some((s) => s.synced || s.state === 'retrying') ? 'degraded' : 'starting',
      problems: health.problems, applications: apps.length, executors: apps.reduce((n, a) => n + a.executors, 0),
    };
  }
}
