// Asks the API server every few seconds whether it is alive, with the cheapest request that
// proves it can serve us: a consistent list of at most one Spark pod. A frozen API server
// (process stopped, network black hole) keeps watch connections open and silent, so the watch
// alone notices nothing for minutes; the probe notices within interval + timeout. Its answer
// also carries the cluster's current resourceVersion: older than what we applied means the
// cluster's state went back in time (the store core decides).

import type { KubeList } from '../../lib/kube/types';
import type { Logger } from '../log';
import { realScheduler, type Cancel, type Scheduler } from '../scheduling/scheduler';
import type { KubeTransport } from './kubeTransport';
import { KubeApiError } from './kubeTransport';
import { PODS, resourcePath } from './resourceListing';
import type { SnapshotSink } from '../store/snapshotSink';
import { SourceHealthTracker } from './sourceHealthTracker';

export interface ApiProbeOptions {
  /** A namespace the dashboard may list pods in ('*' for all). */
  namespace: string;
  labelSelector: string;
  intervalMs: number;
  timeoutMs: number;
  scheduler?: Scheduler;
}

export const API_PROBE_RESOURCE = { label: 'API server', plural: 'pods' };

export class ApiProbe {
  readonly tracker: SourceHealthTracker;
  readonly metrics = { probes: 0, failedProbes: 0 };
  private pending: Cancel | null = null;
  private stopped = false;
  private readonly scheduler: Scheduler;

  constructor(
    private readonly transport: KubeTransport,
    private readonly sink: Pick<SnapshotSink, 'versionMark' | 'observeClusterVersion'>,
    private readonly options: ApiProbeOptions,
    private readonly log: Logger,
  ) {
    this.tracker = new SourceHealthTracker('probe', 'probe', options.namespace, API_PROBE_RESOURCE);
    this.scheduler = options.scheduler ?? realScheduler;
  }

  start(): void {
    this.pending = this.scheduler.after(this.options.intervalMs, () => void this.probeOnce());
  }

  stop(): void {
    this.stopped = true;
    this.pending?.();
    this.tracker.stopped();
  }

  async probeOnce(): Promise<void> {
    this.pending = null;
    const sentAt = this.scheduler.now();
    const mark = this.sink.versionMark();
    try {
      const list = await this.transport.getJson<KubeList<unknown>>(resourcePath(PODS, this.options.namespace), {
        labelSelector: this.options.labelSelector, limit: 1,
      }, this.options.timeoutMs);
      if (this.stopped) return;
      this.metrics.probes++;
      if (this.tracker.health.failures > 0) this.log.info('the API server answers again', { failedProbes: this.tracker.health.failures });
      this.tracker.synced(this.scheduler.now());
      this.sink.observeClusterVersion(list?.metadata?.resourceVersion, mark, this.tracker.health.name);
    } catch (e) {
      if (this.stopped) return;
      const err = e instanceof KubeApiError ? e : new KubeApiError(e instanceof Error ? e.message : String(e), null);
      if (err.status !== null) {
        // It answered: alive. What the answer means (403, 429, 500) is for the sources to say.
        this.metrics.probes++;
        this.tracker.synced(this.scheduler.now());
        return;
      }
      this.metrics.failedProbes++;
      if (this.tracker.health.failures === 0) this.log.warn('the API server did not answer the probe', { status: err.status, message: err.message });
      // The outage began when the first unanswered probe was sent, not when it timed out.
      this.tracker.failed({ message: err.message, status: err.status, at: this.scheduler.now() }, this.scheduler.now() + this.options.intervalMs, sentAt);
    } finally {
      if (!this.stopped) this.pending = this.scheduler.after(this.options.intervalMs, () => void this.probeOnce());
    }
  }
}
