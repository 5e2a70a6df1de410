// A store subscriber: executors per state over time, per application, per namespace and for
// the whole cluster (a person who may read only some namespaces gets the sum of theirs), sampled every run (its interval is the sampling interval). Counts are kept from the
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
  private readonly namespaces = new Map<string, AppSeries>();
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

  private seriesOf(map: Map<string, AppSeries>, key: string): AppSeries {
    let series = map.get(key);
    if (!series) {
      series = { counts: emptyCounts(), pods: 0, samples: new SampleRing(this.options.maxSamples) };
      map.set(key, series);
    }
    return series;
  }

  private count(v: PodVersion, delta: 1 | -1): void {
    const app = this.seriesOf(this.apps, appKey(this.options.cluster, v.namespace, v.appId));
    const namespace = this.seriesOf(this.namespaces, v.namespace);
    app.pods += delta;
    namespace.pods += delta;
    if ((v.row as PodRow).role !== 'executor') return;
    const state = (v.row as PodRow).state;
    app.counts[state] += delta;
    namespace.counts[state] += delta;
    this.total[state] += delta;
  }

  private sample(now: number): void {
    const t = Math.floor(now / this.options.sampleIntervalMs) * this.options.sampleIntervalMs;
    for (const map of [this.apps, this.namespaces]) {
      for (const [key, series] of map) {
        if (series.pods > 0) series.samples.push(toSample(t, series.counts));
        else map.delete(key);
      }
    }
    this.cluster.push(toSample(t, this.total));
  }

  forApp(key: string): CountSample[] {
    return this.apps.get(key)?.samples.since() ?? [];
  }

  forCluster(): CountSample[] {
    return this.cluster.since();
  }

  /** Each namespace's series that has one (a namespace whose pods all left has none). */
  forNamespaces(namespaces: Iterable<string>): CountSample[][] {
    const out: CountSample[][] = [];
    for (const ns of namespaces) {
      const series = this.namespaces.get(ns);
      if (series) out.push(series.samples.since());
    }
    return out;
  }

  /** Running executors per application since `from`, for the overview's sparklines. */
  runningByApp(from: number): Record<string, [number, number][]> {
    const out: Record<string, [number, number][]> = {};
    for (const [key, app] of this.apps) out[key] = app.samples.since(from).map((s) => [s[0], s[1]]);
    return out;
  }
}
