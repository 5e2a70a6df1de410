// The poller: a full list of Spark pods every pollInterval (Spark's apiPollingInterval,
// first run after one interval as in Spark), paginated, optionally with resourceVersion=0
// so the API server may answer from its watch cache (Spark's
// enablePollingWithResourceVersion). As in Spark, a list older than the last one applied
// is dropped: behind a load balancer another API server may answer from a staler cache.

import { compareResourceVersions } from '../../lib/snapshot/resourceVersion';
import type { Logger } from '../log';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import type { KubePod } from '../../lib/kube/types';
import { listAll, PODS } from './resourceListing';
import type { SnapshotSink } from './snapshotSink';
import { SourceHealthTracker } from './sourceHealthTracker';

export interface PodPollingSourceOptions {
  namespace: string;
  labelSelector: string;
  pageSize: number;
  intervalMs: number;
  useResourceVersion0: boolean;
  now?: () => number;
}

export class PodPollingSource {
  readonly tracker: SourceHealthTracker;
  readonly metrics = { polls: 0, failedPolls: 0, droppedStaleLists: 0 };
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  private running = false;
  private lastAppliedVersion: string | undefined;
  private readonly now: () => number;

  constructor(
    private readonly transport: KubeTransport,
    private readonly sink: SnapshotSink,
    private readonly options: PodPollingSourceOptions,
    private readonly log: Logger,
  ) {
    this.tracker = new SourceHealthTracker(`poll:${options.namespace}`, 'poll', options.namespace);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.started) throw new Error('PodPollingSource already started');
    this.started = true;
    this.timer = setInterval(() => void this.pollOnce(), this.options.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.tracker.stopped();
  }

  /** One full list; also callable directly (tests, or an operator asking for a resync). */
  async pollOnce(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    const { namespace, labelSelector, pageSize, useResourceVersion0 } = this.options;
    const listedAt = this.now();
    try {
      const listing = await listAll<KubePod>(this.transport, PODS, {
        namespace, labelSelector, pageSize, resourceVersion: useResourceVersion0 ? '0' : undefined,
      });
      if (this.stopped) return;
      this.metrics.polls++;
      if (this.lastAppliedVersion !== undefined && compareResourceVersions(listing.resourceVersion, this.lastAppliedVersion) === 'older') {
        this.metrics.droppedStaleLists++;
        this.log.info('dropped a pod list older than the last one applied', { namespace, listed: listing.resourceVersion, applied: this.lastAppliedVersion });
      } else {
        this.sink.replaceSnapshot(listing.items, { namespace, listedAt, resourceVersion: listing.resourceVersion, source: this.tracker.health.name });
        this.lastAppliedVersion = listing.resourceVersion;
      }
      if (this.tracker.health.failures > 0) this.log.info('pod poll recovered', { namespace, failures: this.tracker.health.failures });
      this.tracker.synced(this.now());
    } catch (e) {
      this.metrics.failedPolls++;
      const err = e instanceof KubeApiError ? e : new KubeApiError(e instanceof Error ? e.message : String(e), null);
      const first = this.tracker.health.failures === 0;
      this.tracker.failed({ message: err.message, status: err.status, at: this.now() }, this.now() + this.options.intervalMs);
      (first ? this.log.warn : this.log.debug)('pod poll failed; the next poll runs on schedule', { namespace, status: err.status, message: err.message });
    } finally {
      this.running = false;
    }
  }
}
