// The watcher: a list, then a watch from that list's resourceVersion, resumed from the
// last resourceVersion seen (bookmarks included) whenever the stream ends; a relist on
// 410 Gone; exponential backoff and retry, forever, on any other error. Unlike Spark's
// watch (never re-created) and client-node 1.4's informer (stops on non-410 errors),
// this one never stops by itself, and its health says why it is behind. Generic over the
// resource: Spark pods (PodWatchSource) and persistent volume claims use it.

import type { KubeObjectMeta, KubePod, KubeStatus, KubeWatchEvent } from '../../lib/kube/types';
import type { Logger } from '../log';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { KubeTransport, WatchHandle } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import { listAll, PODS, resourcePath, type ResourceKind } from './resourceListing';
import type { FullListing, PodEventType, SnapshotSink } from './snapshotSink';
import { SourceHealthTracker } from './sourceHealthTracker';

/** Where a watch source delivers: one object as it changed, or a full list. */
export interface ObjectSink<T> {
  upsert(obj: T, type: PodEventType, receivedAt: number): void;
  replace(items: T[], listing: FullListing): void;
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
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => { cancel(): void };
}

/** @deprecated name kept for the pod source's callers */
export type PodWatchSourceOptions = ListWatchSourceOptions & { labelSelector: string };

export interface PodWatchMetrics {
  eventsIn: number;
  watchRestarts: number;
  relists: number;
  malformedLines: number;
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
};

export class ListWatchSource<T extends { metadata?: KubeObjectMeta }> {
  readonly tracker: SourceHealthTracker;
  readonly metrics: PodWatchMetrics = { eventsIn: 0, watchRestarts: 0, relists: 0, malformedLines: 0 };
  private resourceVersion: string | undefined;
  private started = false;
  private stopped = false;
  private handle: WatchHandle | null = null;
  private pending: { cancel(): void } | null = null;
  private listedOnce = false;
  private readonly now: () => number;
  private readonly schedule: NonNullable<PodWatchSourceOptions['schedule']>;

  constructor(
    private readonly transport: KubeTransport,
    private readonly kind: ResourceKind,
    private readonly sink: ObjectSink<T>,
    private readonly options: ListWatchSourceOptions,
    private readonly log: Logger,
  ) {
    const name = kind === PODS ? `watch:${options.namespace}` : `watch:${kind.plural}:${options.namespace}`;
    this.tracker = new SourceHealthTracker(name, 'watch', options.namespace, kind);
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? defaultSchedule;
  }

  start(): void {
    if (this.started) throw new Error(`the ${this.kind.plural} watch source is already started`);
    this.started = true;
    void this.cycle();
  }

  stop(): void {
    this.stopped = true;
    this.pending?.cancel();
    this.handle?.abort();
    this.tracker.stopped();
  }

  /** One step of the loop: list when we have no resourceVersion, then watch. */
  private async cycle(): Promise<void> {
    if (this.stopped) return;
    if (this.resourceVersion === undefined) {
      try {
        await this.relist();
      } catch (e) {
        this.fail(e, 'list');
        return;
      }
    }
    if (this.stopped) return;
    this.openWatch();
  }

  private async relist(): Promise<void> {
    const { namespace, labelSelector, pageSize } = this.options;
    const started = this.now();
    const listing = await listAll<T>(this.transport, this.kind, { namespace, labelSelector, pageSize });
    if (this.stopped) return;
    this.sink.replace(listing.items, { namespace, listedAt: started, resourceVersion: listing.resourceVersion, source: this.tracker.health.name });
    this.resourceVersion = listing.resourceVersion ?? '';
    if (this.listedOnce) { this.metrics.relists++; this.tracker.relisted(); }
    this.listedOnce = true;
    this.recovered();
    this.tracker.synced(this.now());
    this.log.debug(`listed ${this.kind.plural}`, { namespace, items: listing.items.length, pages: listing.pages, resourceVersion: listing.resourceVersion });
  }

  private openWatch(): void {
    const { namespace, labelSelector, watchTimeoutSeconds, idleTimeoutMs } = this.options;
    let gotGone = false;
    this.handle = this.transport.watch(resourcePath(this.kind, namespace), {
      labelSelector,
      resourceVersion: this.resourceVersion || undefined,
      allowWatchBookmarks: true,
      // Jitter so many dashboards do not reconnect in lock-step.
      timeoutSeconds: Math.round(watchTimeoutSeconds * (0.8 + Math.random() * 0.4)),
    }, {
      onOpen: () => this.recovered(),
      onLine: (line) => {
        if (this.handleLine(line) === 'gone') gotGone = true;
      },
      onClose: (err) => {
        this.handle = null;
        if (this.stopped) return;
        if (gotGone || (err instanceof KubeApiError && err.status === 410)) {
          this.log.info('watch resourceVersion expired (410 Gone); relisting', { namespace, resourceVersion: this.resourceVersion });
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
    this.pending = this.schedule(() => { this.pending = null; void this.cycle(); }, ms);
  }

  /** Returns 'gone' for a 410 ERROR event, after which the stream is useless. */
  private handleLine(line: string): 'ok' | 'gone' | 'error' {
    let event: KubeWatchEvent<T | KubeStatus>;
    try {
      event = JSON.parse(line);
    } catch {
      this.countMalformed('a watch line is not JSON', { line: line.slice(0, 200) });
      return 'ok';
    }
    if (!event || typeof event !== 'object' || typeof event.type !== 'string' || !event.object || typeof event.object !== 'object') {
      this.countMalformed('a watch event has no type or object', { line: line.slice(0, 200) });
      return 'ok';
    }
    const now = this.now();
    const rv = (event.object as T).metadata?.resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED':
        this.metrics.eventsIn++;
        this.tracker.event(now);
        this.sink.upsert(event.object as T, event.type, now);
        if (rv) this.resourceVersion = rv;
        return 'ok';
      case 'BOOKMARK':
        this.tracker.event(now);
        if (rv) this.resourceVersion = rv;
        return 'ok';
      case 'ERROR': {
        const status = event.object as KubeStatus;
        if (status.code === 410) return 'gone';
        this.log.once('warn', `watch-error-${status.code}`, `the ${this.kind.plural} watch received an ERROR event`, { namespace: this.options.namespace, status });
        this.tracker.failed({ message: status.message ?? 'watch ERROR event', status: status.code ?? null, at: now }, null);
        return 'error';
      }
      default:
        this.countMalformed(`a watch event has an unknown type "${String(event.type).slice(0, 40)}"`, { type: event.type });
        return 'ok';
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
    const delay = backoffDelay(this.tracker.health.failures + 1, this.options.backoff ?? DEFAULT_BACKOFF);
    const now = this.now();
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
    super(transport, PODS, { upsert: (p, t, at) => sink.updatePod(p, t, at), replace: (pods, l) => sink.replaceSnapshot(pods, l) }, options, log);
  }
}
