// The poller: a full list of Spark pods every pollInterval (Spark's apiPollingInterval,
// first run after one interval as in Spark), paginated, optionally with resourceVersion=0
// so the API server may answer from its watch cache (Spark's
// enablePollingWithResourceVersion; the cache answers in one piece, whatever the limit).
// Either way the list is applied pod by pod as it is read, never held whole. As in Spark, a cached list older than what was applied
// is not applied: behind a load balancer another API server may answer from a staler cache.
// Unlike Spark, we then ask again at once for a consistent list: if that one is older too,
// the cluster's state went back in time and the store rebuilds from it (store/storeCore).

import type { Logger } from '../log';
import { realScheduler, type Cancel, type Scheduler } from '../scheduling/scheduler';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import type { KubePod } from '../../lib/kube/types';
import { listIntoSession, PODS } from './resourceListing';
import type { SnapshotSink } from '../store/snapshotSink';
import { SourceHealthTracker } from './sourceHealthTracker';

export interface PodPollingSourceOptions {
  namespace: string;
  labelSelector: string;
  pageSize: number;
  intervalMs: number;
  useResourceVersion0: boolean;
  scheduler?: Scheduler;
}

export class PodPollingSource {
  readonly tracker: SourceHealthTracker;
  readonly metrics = { polls: 0, failedPolls: 0, droppedStaleLists: 0 };
  private cancelTimer: Cancel | null = null;
  private started = false;
  private stopped = false;
  private running = false;
  private readonly scheduler: Scheduler;

  constructor(
    private readonly transport: KubeTransport,
    private readonly sink: SnapshotSink,
    private readonly options: PodPollingSourceOptions,
    private readonly log: Logger,
  ) {
    this.tracker = new SourceHealthTracker(`poll:${options.namespace}`, 'poll', options.namespace);
    this.scheduler = options.scheduler ?? realScheduler;
  }

  start(): void {
    if (this.started) throw new Error('PodPollingSource already started');
    this.started = true;
    this.cancelTimer = this.scheduler.every(this.options.intervalMs, () => void this.pollOnce());
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.tracker.stopped();
  }

  /** One full list; also callable directly (tests, or an operator asking for a resync). */
  async pollOnce(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    const { namespace, useResourceVersion0 } = this.options;
    try {
      if ((await this.listOnce(!useResourceVersion0)) === 'stale') {
        this.metrics.droppedStaleLists++;
        this.log.info('a cached pod list was older than what was applied; asking again for the latest state', { namespace });
        await this.listOnce(true);
      }
      if (this.stopped) return;
      this.metrics.polls++;
      if (this.tracker.health.failures > 0) this.log.info('pod poll recovered', { namespace, failures: this.tracker.health.failures });
      this.tracker.synced(this.scheduler.now());
    } catch (e) {
      this.metrics.failedPolls++;
      const err = e instanceof KubeApiError ? e : new KubeApiError(e instanceof Error ? e.message : String(e), null);
      const first = this.tracker.health.failures === 0;
      this.tracker.failed({ message: err.message, status: err.status, at: this.scheduler.now() }, this.scheduler.now() + this.options.intervalMs);
      (first ? this.log.warn : this.log.debug)('pod poll failed; the next poll runs on schedule', { namespace, status: err.status, message: err.message });
    } finally {
      this.running = false;
    }
  }

  private async listOnce(consistent: boolean) {
    const { namespace, labelSelector, pageSize } = this.options;
    const listedAt = this.scheduler.now();
    const mark = this.sink.versionMark();
    const source = this.tracker.health.name;
    const listing = await listIntoSession<KubePod>(this.transport, PODS, {
      namespace, labelSelector, pageSize, resourceVersion: consistent ? undefined : '0',
    }, (resourceVersion) => this.stopped ? 'superseded' : this.sink.beginListing({ namespace, listedAt, resourceVersion, source, consistent, mark }));
    return listing.outcome;
  }
}
