// A store subscriber: executors per state over time, per application and for the whole
// cluster, sampled every run (its interval is the sampling interval). Counts are kept from the
// change batches (the executor's state before out, after in), never recounted, and sampled once
// per sampling interval. Bounded:
// `maxSamples` per series in a ring, and an application's series is forgotten with its last
// pod (after the retention nothing can show it any more).

import type { StateCounts } from '../../lib/snapshot/appSummary';
import { appKey, emptyCounts } from '../../lib/snapshot/appSummary';
import type { PodRow } from '../../lib/snapshot/executorRow';
import type { CountSample } from '../../lib/series/countSeries';
import { toSample } from '../../lib/series/countSeries';
import { SampleRing } from '../../lib/series/sampleRing';
import type { ChangeBatch, PodVersion } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

export interface CountsHistoryOptions {
  cluster: string;
  /** How often it takes the changes (keep it short: changes waiting to be counted hold memory). */
  intervalMs: number;
  sampleIntervalMs: number;
  maxSamples: number;
}

interface AppSeries {
  counts: StateCounts;
  /** Pods (driver, executors) still held by the core: 0 means the application has left. */
  pods: number;
  samples: SampleRing;
}

export class CountsHistory implements StoreSubscriber {
  readonly name = 'counts history';
  readonly intervalMs: number;
  private readonly apps = new Map<string, AppSeries>();
  private readonly total = emptyCounts();
  private readonly cluster: SampleRing;

  constructor(private readonly options: CountsHistoryOptions) {
    this.intervalMs = options.intervalMs;
    this.cluster = new SampleRing(options.maxSamples);
  }

  onBatch(batch: ChangeBatch): void {
    for (const c of batch.changes) {
      if (c.before) this.count(c.before, -1);
      if (c.after) this.count(c.after, 1);
    }
    // One sample per sampling tick, taken at the first batch of the tick.
    const tick = Math.floor(batch.at / this.options.sampleIntervalMs);
    if (tick !== this.lastTick) {
      this.lastTick = tick;
      this.sample(batch.at);
    }
  }

  private lastTick = -1;

  private count(v: PodVersion, delta: 1 | -1): void {
    const key = appKey(this.options.cluster, v.namespace, v.appId);
    let app = this.apps.get(key);
    if (!app) {
      app = { counts: emptyCounts(), pods: 0, samples: new SampleRing(this.options.maxSamples) };
      this.apps.set(key, app);
    }
    app.pods += delta;
    if ((v.row as PodRow).role !== 'executor') return;
    const state = (v.row as PodRow).state;
    app.counts[state] += delta;
    this.total[state] += delta;
  }

  private sample(now: number): void {
    const t = Math.floor(now / this.options.sampleIntervalMs) * this.options.sampleIntervalMs;
    for (const [key, app] of this.apps) {
      if (app.pods > 0) app.samples.push(toSample(t, app.counts));
      else this.apps.delete(key);
    }
    this.cluster.push(toSample(t, this.total));
  }

  forApp(key: string): CountSample[] {
    return this.apps.get(key)?.samples.since() ?? [];
  }

  forCluster(): CountSample[] {
    return this.cluster.since();
  }

  /** Running executors per application since `from`, for the overview's sparklines. */
  runningByApp(from: number): Record<string, [number, number][]> {
    const out: Record<string, [number, number][]> = {};
    for (const [key, app] of this.apps) out[key] = app.samples.since(from).map((s) => [s[0], s[1]]);
    return out;
  }
}
