// Sits between a cluster's overview feed and the dashboard-wide overview: each application
// summary leaves with the operator application joined to it, and operator applications that
// have no pod (a submission that failed, one not yet submitted) are added as rows of their own,
// removed again once their pods arrive. Presence is judged from the summaries this overlay
// forwarded, so a row never shows both as pod-less and with its pods.

import type { OperatorApp } from '../../lib/operator/operatorApp';
import { appKey, type AppSummary } from '../../lib/snapshot/appSummary';
import type { ClusterOperators } from '../engine/clusterOperators';
import type { OverviewSink } from './overviewFeed';

export class OperatorOverlay implements OverviewSink {
  /** Pod-based summaries as the feed last sent them, undecorated, by key. */
  private readonly last = new Map<string, AppSummary>();
  /** Pod-less rows sent, by key, with what was sent (a row is sent again only when it changed). */
  private readonly podlessSent = new Map<string, string>();
  private operators: ClusterOperators | null = null;

  constructor(private readonly cluster: string, private readonly downstream: OverviewSink) {}

  attach(operators: ClusterOperators): void {
    this.operators = operators;
    operators.onChange((app, appIds) => this.operatorChanged(app, appIds));
  }

  updateCluster(cluster: string, upserts: readonly AppSummary[], removals: readonly string[]): void {
    for (const s of upserts) this.last.set(s.key, s);
    for (const k of removals) this.last.delete(k);
    const ops = this.operators;
    if (!ops) { this.downstream.updateCluster(cluster, upserts, removals); return; }
    const podless = this.podlessDiff(ops);
    this.downstream.updateCluster(cluster, [...upserts.map((s) => ops.decorate(s)), ...podless.upserts], [...removals, ...podless.removals]);
  }

  private operatorChanged(app: OperatorApp, appIds: readonly string[]): void {
    const ops = this.operators!;
    const upserts: AppSummary[] = [];
    for (const appId of appIds) {
      const s = this.last.get(appKey(this.cluster, app.namespace, appId));
      if (s) upserts.push(ops.decorate(s));
    }
    const podless = this.podlessDiff(ops);
    if (upserts.length + podless.upserts.length + podless.removals.length === 0) return;
    this.downstream.updateCluster(this.cluster, [...upserts, ...podless.upserts], podless.removals);
  }

  private podlessDiff(ops: ClusterOperators): { upserts: AppSummary[]; removals: string[] } {
    const rows = ops.podless((namespace, appId) => this.last.has(appKey(this.cluster, namespace, appId)));
    const upserts: AppSummary[] = [];
    const keep = new Set<string>();
    for (const row of rows) {
      keep.add(row.key);
      const text = JSON.stringify(row);
      if (this.podlessSent.get(row.key) === text) continue;
      this.podlessSent.set(row.key, text);
      upserts.push(row);
    }
    const removals: string[] = [];
    for (const key of this.podlessSent.keys()) if (!keep.has(key)) { removals.push(key); this.podlessSent.delete(key); }
    return { upserts, removals };
  }
}
