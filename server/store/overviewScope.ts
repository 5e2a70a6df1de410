// The overview scope, shared by every cluster: each cluster's overview feed hands it the
// summaries that changed, and it publishes them as one diff (seq +1) to the overview's
// subscribers. Applications of a cluster that goes away can be dropped at once.

import type { AppSummary } from '../../lib/snapshot/appSummary';
import { OVERVIEW_SCOPE_KEY } from '../../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff, diffApps, emptyScopeState, isEmptyDiff } from '../../lib/snapshot/scopeState';
import type { Scheduler } from '../scheduling/scheduler';
import type { OverviewSink } from './overviewFeed';
import type { ScopeDiffListener } from './scopePublisher';

export class OverviewScope implements OverviewSink {
  private state: ScopeState;
  private readonly listeners = new Set<ScopeDiffListener>();
  readonly metrics = { diffsOut: 0 };

  constructor(private readonly scheduler: Scheduler, maxTransitions: number) {
    // Seqs start at the creation time in ms, so a restarted server never reuses a seq.
    this.state = { ...emptyScopeState(OVERVIEW_SCOPE_KEY, maxTransitions), seq: scheduler.now() };
  }

  subscribe(listener: ScopeDiffListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The diff is built from what changed alone (a removal and an upsert of the same key: the
   * upsert wins); the state is copied once, by applyDiff, not once more to diff against.
   */
  updateCluster(_cluster: string, upserts: readonly AppSummary[], removals: readonly string[]): void {
    if (!upserts.length && !removals.length) return;
    const next = new Map<string, AppSummary>();
    for (const s of upserts) next.set(s.key, s);
    const { apps, removedApps } = diffApps(this.state.apps, (key) => next.get(key), [...removals, ...next.keys()]);
    const diff: ScopeDiff = { scope: this.state.scope, seq: this.state.seq + 1, at: this.scheduler.now() };
    if (apps.length) diff.apps = apps;
    if (removedApps.length) diff.removedApps = removedApps;
    this.publish(diff);
  }

  /** Forgets every application of a cluster (it was removed from the dashboard). */
  dropCluster(cluster: string): void {
    this.updateCluster(cluster, [], Object.values(this.state.apps).filter((a) => a.cluster === cluster).map((a) => a.key));
  }

  private publish(diff: ScopeDiff): void {
    if (isEmptyDiff(diff)) return;
    this.state = applyDiff(this.state, diff);
    this.metrics.diffsOut++;
    for (const l of this.listeners) l([diff]);
  }

  scopeState(): ScopeState {
    return this.state;
  }

  summaries(): AppSummary[] {
    return Object.values(this.state.apps);
  }
}
