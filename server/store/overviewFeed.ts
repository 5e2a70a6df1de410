// A store subscriber: the summaries of this cluster's applications, kept row by row from the
// change batches (before out, after in) and handed to the dashboard-wide overview at most
// every overview interval: the scope hundreds of wall displays and portals subscribe to,
// whose counts need not move twenty times a second.

import type { AppSummary } from '../../lib/snapshot/appSummary';
import { AppSummaryAccumulator } from '../../lib/snapshot/appSummaryAccumulator';
import type { ChangeBatch, PodVersion } from './changeBatch';
import { podAppKey } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

/** Where a cluster's summary changes go (the overview scope, shared by every cluster). */
export interface OverviewSink {
  updateCluster(cluster: string, upserts: readonly AppSummary[], removals: readonly string[]): void;
}

export class OverviewFeed implements StoreSubscriber {
  readonly name = 'overview';
  readonly gatesReadiness = true;
  private readonly apps = new Map<string, AppSummaryAccumulator>();

  constructor(private readonly cluster: string, readonly intervalMs: number, private readonly sink: OverviewSink) {}

  onBatch(batch: ChangeBatch): void {
    const touched = new Set<AppSummaryAccumulator>();
    for (const c of batch.changes) {
      if (c.before) {
        const acc = this.apps.get(podAppKey(c.before));
        if (acc) { acc.remove(c.before.row); touched.add(acc); }
      }
      if (c.after) {
        const acc = this.accumulator(c.after);
        acc.rename(c.after.appName);
        acc.add(c.after.row);
        touched.add(acc);
      }
    }
    if (!touched.size) return;
    const upserts: AppSummary[] = [], removals: string[] = [];
    for (const acc of touched) {
      const summary = acc.summary();
      if (acc.size > 0) upserts.push(summary);
      else {
        removals.push(summary.key);
        this.apps.delete(`${summary.namespace}/${summary.appId}`);
      }
    }
    this.sink.updateCluster(this.cluster, upserts, removals);
  }

  private accumulator(v: PodVersion): AppSummaryAccumulator {
    const key = podAppKey(v);
    let acc = this.apps.get(key);
    if (!acc) {
      acc = new AppSummaryAccumulator({ cluster: this.cluster, namespace: v.namespace, appId: v.appId, appName: v.appName });
      this.apps.set(key, acc);
    }
    return acc;
  }

  /** Every application's summary as of this subscriber's last run. */
  summaries(): AppSummary[] {
    return [...this.apps.values()].map((a) => a.summary());
  }
}
