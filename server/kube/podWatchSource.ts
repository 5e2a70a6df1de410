// The watcher: a list, then a watch from that list's resourceVersion, resumed from the
// last resourceVersion seen (bookmarks included) whenever the stream ends; a relist on
// 410 Gone; exponential backoff and retry, forever, on any other error. Unlike Spark's
// watch (never re-created) and client-node 1.4's informer (stops on non-410 errors),
// this one never stops by itself, and its health says why it is behind. Generic over the
// resource: Spark pods (PodWatchSource) and persistent volume claims use it.
// Within one watch stream resourceVersions only grow: an event or bookmark older than the
// last one means the API's history went back (a reset cluster), and the source lists again
// so the store can tell (see store/storeCore). So does a server that finds our resourceVersion
// "too large" for its history.

import type { KubeObjectMeta, KubePod, KubeStatus, KubeWatchEvent } from '../../lib/kube/types';
import type { Logger } from '../log';
import { realScheduler, type Cancel, type Scheduler } from '../scheduling/scheduler';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { KubeTransport, WatchHandle } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import { listIntoSession, PODS, resourcePath, type ResourceKind } from './resourceListing';
import { compareResourceVersions } from '../../lib/snapshot/resourceVersion';
import type { ObjectSink, SnapshotSink, VersionMark } from '../store/snapshotSink';
import { SourceHealthTracker } from './sourceHealthTracker';

const NO_MARK: VersionMark = { version: undefined, epoch: 0 };

/** The API cannot serve our resourceVersion because its history never reached it (a reset cluster). */
function isTooLargeResourceVersion(status: KubeStatus | null | undefined): boolean {
  return !!status && (status.details?.causes ?? []).some((c) => c?.reason === 'ResourceVersionTooLarge');
}

export interface ListWatchSourceOptions {
  namespace: string;
  labelSelector?: string;
  pageSize: number;
  /** Server-side end of each watch request; we then resume from the last resourceVersion. */
  watchTimeoutSeconds: number;
  /** No byte for this long means a half-open connection (client-node 1.4 has no such guard). */
  idleTimeoutMs: number;
  backoff?: BackoffOptions;
  scheduler?: Scheduler;
}

/** @deprecated name kept for the pod source's callers */
export type PodWatchSourceOptions = ListWatchSourceOptions & { labelSelector: string };

export interface PodWatchMetrics {
  eventsIn: number;
  watchRestarts: number;
  relists: number;
  malformedLines: number;
}

export class ListWatchSource<T extends { metadata?: KubeObjectMeta }> {
  readonly tracker: SourceHealthTracker;
  readonly metrics: PodWatchMetrics = { eventsIn: 0, watchRestarts: 0, relists: 0, malformedLines: 0 };
  private resourceVersion: string | undefined;
  private started = false;
  private stopped = false;
  private handle: WatchHandle | null = null;
  private pending: Cancel | null = null;
  private listedOnce = false;
  /** Bumped whenever the loop restarts: callbacks of an older cycle are ignored. */
  private generation = 0;
  private readonly scheduler: Scheduler;

  constructor(
    private readonly transport: KubeTransport,
    private readonly kind: ResourceKind,
    private readonly sink: ObjectSink<T>,
    private readonly options: ListWatchSourceOptions,
    private readonly log: Logger,
  ) {
    const name = kind === PODS ? `watch:${options.namespace}` : `watch:${kind.plural}:${options.namespace}`;
    this.tracker = new SourceHealthTracker(name, 'watch', options.namespace, kind);
    this.scheduler = options.scheduler ?? realScheduler;
  }

  start(): void {
    if (this.started) throw new Error(`the ${this.kind.plural} watch source is already started`);
    this.started = true;
    void this.cycle();
  }

  stop(): void {
    this.stopped = true;
    this.pending?.();
    this.handle?.abort();
    this.tracker.stopped();
  }

  /** Drops the watch and lists again now (the store saw the cluster go back in time). */
  resync(): void {
    if (!this.started || this.stopped) return;
    this.resourceVersion = undefined;
    this.restartSoon(0);
  }

  /** One step of the loop: list when we have no resourceVersion, then watch. */
  private async cycle(): Promise<void> {
    if (this.stopped) return;
    const generation = this.generation;
    if (this.resourceVersion === undefined) {
      try {
        if (!(await this.relist(generation))) return;
      } catch (e) {
        if (generation === this.generation) this.fail(e, 'list');
        return;
      }
    }
    if (this.stopped || generation !== this.generation) return;
    this.openWatch(generation);
  }

  /** Returns false when the cycle was superseded while listing. */
  private async relist(generation: number): Promise<boolean> {
    const { namespace, labelSelector, pageSize } = this.options;
    const started = this.scheduler.now();
    const mark = this.sink.versionMark?.() ?? NO_MARK;
    // No resourceVersion: a consistent list, the latest state (the one kind a reset cannot fool).
    const superseded = () => this.stopped || generation !== this.generation;
    const listing = await listIntoSession<T>(this.transport, this.kind, { namespace, labelSelector, pageSize },
      (resourceVersion) => superseded() ? 'superseded' : this.sink.beginListing({ namespace, listedAt: started, resourceVersion, source: this.tracker.health.name, consistent: true, mark }));
    if (superseded()) return false;
    const outcome = listing.outcome;
    if (outcome === 'superseded') {
      // A reset was noticed while we listed: the store asked everyone to list again.
      this.restartSoon(0);
      return false;
    }
    this.resourceVersion = listing.resourceVersion ?? '';
    if (this.listedOnce) { this.metrics.relists++; this.tracker.relisted(); }
    this.listedOnce = true;
    this.recovered();
    this.tracker.synced(this.scheduler.now());
    this.log.debug(`listed ${this.kind.plural}`, { namespace, items: listing.items, pages: listing.pages, resourceVersion: listing.resourceVersion });
    return true;
  }

  private openWatch(generation: number): void {
    const { namespace, labelSelector, watchTimeoutSeconds, idleTimeoutMs } = this.options;
    let relist: string | null = null;
    this.handle = this.transport.watch(resourcePath(this.kind, namespace), {
      labelSelector,
      resourceVersion: this.resourceVersion || undefined,
      allowWatchBookmarks: true,
      // Jitter so many dashboards do not reconnect in lock-step.
      timeoutSeconds: Math.round(watchTimeoutSeconds * (0.8 + Math.random() * 0.4)),
    }, {
      onOpen: () => { if (generation === this.generation) this.recovered(); },
      onLine: (line) => {
        if (relist !== null || generation !== this.generation) return;
        relist = this.handleLine(line);
        // Nothing after such a line can be trusted: end the stream now.
        if (relist !== null) this.handle?.abort();
      },
      onClose: (err) => {
        if (generation !== this.generation) return;
        this.handle = null;
        if (this.stopped) return;
        if (relist === null && err instanceof KubeApiError && err.status === 410) relist = 'its resourceVersion expired (410 Gone)';
        if (relist === null && err instanceof KubeApiError && isTooLargeResourceVersion(err.body)) relist = 'the API server has not reached its resourceVersion';
        if (relist !== null) {
          this.log.info(`the ${this.kind.plural} watch must list again: ${relist}`, { namespace, resourceVersion: this.resourceVersion });
          this.resourceVersion = undefined;
          this.restartSoon(0);
          return;
        }
        if (err) { this.fail(err, 'watch'); return; }
        // A clean end (server timeout): resume from where we are, no relist needed.
        this.restartSoon(0);
      },
    }, idleTimeoutMs);
  }

  private recovered(): void {
    const h = this.tracker.health;
    if (h.failures > 0) this.log.info(`${this.kind.plural} source recovered`, { source: h.name, failures: h.failures, lastError: h.lastError?.message });
    this.tracker.connected();
  }

  private restartSoon(ms: number): void {
    this.metrics.watchRestarts++;
    this.tracker.restarted();
    // Whatever the current cycle still has in flight (a list, a watch) no longer counts.
    this.generation++;
    this.pending?.();
    const handle = this.handle;
    this.handle = null;
    handle?.abort();
    this.pending = this.scheduler.after(ms, () => { this.pending = null; void this.cycle(); });
  }

  /** Why the stream must be dropped for a fresh list (null: go on). */
  private handleLine(line: string): string | null {
    let event: KubeWatchEvent<T | KubeStatus>;
    try {
      event = JSON.parse(line);
    } catch {
      this.countMalformed('a watch line is not JSON', { line: line.slice(0, 200) });
      return null;
    }
    if (!event || typeof event !== 'object' || typeof event.type !== 'string' || !event.object || typeof event.object !== 'object') {
      this.countMalformed('a watch event has no type or object', { line: line.slice(0, 200) });
      return null;
    }
    const now = this.scheduler.now();
    const rv = (event.object as T).metadata?.resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED':
      case 'BOOKMARK':
        if (compareResourceVersions(rv, this.resourceVersion) === 'older') {
          return `the stream went back in time (resourceVersion ${rv} after ${this.resourceVersion})`;
        }
        this.tracker.event(now);
        if (event.type !== 'BOOKMARK') {
          this.metrics.eventsIn++;
          this.sink.upsert(event.object as T, event.type, now);
        }
        if (rv) this.resourceVersion = rv;
        return null;
      case 'ERROR': {
        const status = event.object as KubeStatus;
        if (status.code === 410) return 'its resourceVersion expired (410 Gone)';
        if (isTooLargeResourceVersion(status)) return 'the API server has not reached its resourceVersion';
        this.log.once('warn', `watch-error-${status.code}`, `the ${this.kind.plural} watch received an ERROR event`, { namespace: this.options.namespace, status });
        this.tracker.failed({ message: status.message ?? 'watch ERROR event', status: status.code ?? null, at: now }, null);
        return null;
      }
      default:
        this.countMalformed(`a watch event has an unknown type "${String(event.type).slice(0, 40)}"`, { type: event.type });
        return null;
    }
  }

  private countMalformed(msg: string, ctx: Record<string, unknown>): void {
    this.metrics.malformedLines++;
    this.tracker.malformed();
    this.log.once('warn', `malformed:${msg}`, msg, { namespace: this.options.namespace, ...ctx });
  }

  private fail(e: unknown, during: 'list' | 'watch'): void {
    if (this.stopped) return;
    const err = e instanceof KubeApiError ? e : new KubeApiError(e instanceof Error ? e.message : String(e), null);
    if (err.status === 410) {
      // An expired continue token or resourceVersion: start over with a fresh list.
      this.resourceVersion = undefined;
    }
    // An overloaded API server says when to come back (429 and 503 carry retryAfterSeconds): never sooner.
    const retryAfterMs = (err.body?.details?.retryAfterSeconds ?? 0) * 1000;
    const delay = Math.max(retryAfterMs, backoffDelay(this.tracker.health.failures + 1, this.options.backoff ?? DEFAULT_BACKOFF));
    const now = this.scheduler.now();
    // Logged once per outage with its context; later failures of the same outage are counted.
    const firstOfOutage = this.tracker.health.failures === 0;
    this.tracker.failed({ message: err.message, status: err.status, at: now }, now + delay);
    (firstOfOutage ? this.log.warn : this.log.debug)(`${this.kind.plural} ${during} failed; retrying with backoff, forever`, {
      namespace: this.options.namespace, status: err.status, reason: err.reason, message: err.message, retryInMs: delay,
    });
    this.restartSoon(delay);
  }
}

/** The pod watcher of the snapshot store. */
export class PodWatchSource extends ListWatchSource<KubePod> {
  constructor(transport: KubeTransport, sink: SnapshotSink, options: PodWatchSourceOptions, log: Logger) {
    super(transport, PODS, {
      upsert: (p, t, at) => sink.updatePod(p, t, at),
      beginListing: (l) => sink.beginListing(l),
      versionMark: () => sink.versionMark(),
    }, options, log);
  }
}
