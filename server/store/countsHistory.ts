// Executors per state over time, per application and for the whole cluster, sampled on a
// fixed tick from the store's published summaries. Bounded: `maxSamples` per series, and
// applications that left are forgotten once their last sample has aged out.

import type { AppSummary } from '../../lib/snapshot/appSummary';
import { emptyCounts } from '../../lib/snapshot/appSummary';
import type { CountSample } from '../../lib/series/countSeries';
import { addCounts, appendSample, toSample } from '../../lib/series/countSeries';

export interface CountsHistoryOptions {
  sampleIntervalMs: number;
  maxSamples: number;
  now?: () => number;
}

export class CountsHistory {
  private readonly perApp = new Map<string, CountSample[]>();
  private cluster: CountSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly summaries: () => AppSummary[], private readonly options: CountsHistoryOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.options.sampleIntervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  sample(): void {
    const t = Math.floor(this.now() / this.options.sampleIntervalMs) * this.options.sampleIntervalMs;
    let total = emptyCounts();
    const present = new Set<string>();
    for (const app of this.summaries()) {
      present.add(app.key);
      total = addCounts(total, app.counts);
      this.perApp.set(app.key, appendSample(this.perApp.get(app.key) ?? [], toSample(t, app.counts), this.options.maxSamples));
    }
    this.cluster = appendSample(this.cluster, toSample(t, total), this.options.maxSamples);
    const oldest = t - this.options.sampleIntervalMs * this.options.maxSamples;
    for (const [key, series] of this.perApp) {
      if (!present.has(key) && (series.length === 0 || series[series.length - 1][0] < oldest)) this.perApp.delete(key);
    }
  }

  forApp(key: string): CountSample[] {
    return this.perApp.get(key) ?? [];
  }

  forCluster(): CountSample[] {
    return this.cluster;
  }

  /** Running executors per application since `from`, for the overview's sparklines. */
  runningByApp(from: number): Record<string, [number, number][]> {
    const out: Record<string, [number, number][]> = {};
    for (const [key, series] of this.perApp) out[key] = series.filter((s) => s[0] >= from).map((s) => [s[0], s[1]]);
    return out;
  }
}
