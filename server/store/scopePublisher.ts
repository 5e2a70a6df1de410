// A store subscriber: one socket scope per application, with its rows in a slot array (a row's
// index `k` names it in a few bytes on the wire) and its summary, kept from the change batches
// and published as one diff per changed application per run (seq +1 each time). What a
// subscriber that applied every diff holds equals scopeState() (lib/snapshot/scopeState).

import type { AppSummary } from '../../lib/snapshot/appSummary';
import { AppSummaryAccumulator } from '../../lib/snapshot/appSummaryAccumulator';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { appScopeKey } from '../../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff, diffScopeStates, emptyScopeState, isEmptyDiff } from '../../lib/snapshot/scopeState';
import type { Scheduler } from '../scheduling/scheduler';
import type { ChangeBatch, PodVersion } from './changeBatch';
import { podAppKey } from './changeBatch';
import type { StoreSubscriber } from './subscriberRunner';

interface AppScope {
  scope: string;
  summaryKey: string;
  slots: Map<string, number>;
  rows: (ExecutorRow | null)[];
  free: number[];
  summary: AppSummaryAccumulator;
  published: ScopeState;
  dirtySlots: Set<number>;
}

export type ScopeDiffListener = (diffs: readonly ScopeDiff[]) => void;

export interface ScopePublisherOptions {
  cluster: string;
  intervalMs: number;
  maxTransitions: number;
  scheduler: Scheduler;
  /** Seconds from each change's first event to its diff leaving (after the listeners sent it). */
  observeLatency?: (seconds: number) => void;
}

export class ScopePublisher implements StoreSubscriber {
  readonly name = 'application scopes';
  readonly gatesReadiness = true;
  readonly intervalMs: number;
  readonly metrics = { diffsOut: 0, rowsChanged: 0 };
  private readonly apps = new Map<string, AppScope>();
  private readonly listeners = new Set<ScopeDiffListener>();

  constructor(private readonly options: ScopePublisherOptions) {
    this.intervalMs = options.intervalMs;
  }

  /** Seqs start at the creation time in ms, so a scope that is dropped and re-created never reuses a seq. */
  private initialSeq(): number {
    return this.options.scheduler.now();
  }

  subscribe(listener: ScopeDiffListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onBatch(batch: ChangeBatch): void {
    const dirty = new Set<AppScope>();
    for (const c of batch.changes) {
      const before = c.before ? this.apps.get(podAppKey(c.before)) : undefined;
      if (c.before && before && (!c.after || podAppKey(c.after) !== podAppKey(c.before))) {
        this.unplace(before, c.before);
        dirty.add(before);
      }
      if (!c.after) continue;
      const app = this.app(c.after);
      app.summary.rename(c.after.appName ?? null);
      const k = app.slots.get(c.uid);
      if (k === undefined) this.place(app, c.after);
      else {
        const prev = app.rows[k]!;
        // The core's row itself, not a copy: this publisher is the one writer of its slot.
        const next = c.after.row;
        next.k = k;
        app.summary.replace(prev, next);
        app.rows[k] = next;
        app.dirtySlots.add(k);
      }
      dirty.add(app);
    }
    const diffs: ScopeDiff[] = [];
    for (const app of dirty) {
      const summary = app.summary.size > 0 ? app.summary.summary() : null;
      const published = app.published.apps[app.summaryKey] ?? null;
      const diff = diffScopeStates(
        app.published,
        { rows: app.rows, apps: summary ? { [app.summaryKey]: summary } : {}, at: batch.at },
        { slots: app.dirtySlots, apps: summary !== published ? [app.summaryKey] : [] },
      );
      app.dirtySlots.clear();
      if (!isEmptyDiff(diff)) {
        this.metrics.rowsChanged += (diff.added?.length ?? 0) + (diff.changed?.length ?? 0) + (diff.removed?.length ?? 0);
        app.published = applyDiff(app.published, diff);
        diffs.push(diff);
      }
      if (app.summary.size === 0) this.apps.delete(app.summaryKey);
    }
    this.metrics.diffsOut += diffs.length;
    if (!diffs.length) return;
    for (const l of this.listeners) l(diffs);
    const observe = this.options.observeLatency;
    if (observe) {
      const now = this.options.scheduler.now();
      for (const c of batch.changes) if (c.after) observe(Math.max(0, now - c.receivedAt) / 1000);
    }
  }

  private app(v: PodVersion): AppScope {
    const key = podAppKey(v);
    let app = this.apps.get(key);
    if (!app) {
      const scope = appScopeKey(this.options.cluster, v.namespace, v.appId);
      const summary = new AppSummaryAccumulator({ cluster: this.options.cluster, namespace: v.namespace, appId: v.appId, appName: v.appName });
      app = {
        scope, summaryKey: summary.summary().key, slots: new Map(), rows: [], free: [], summary,
        published: { ...emptyScopeState(scope, this.options.maxTransitions), seq: this.initialSeq() }, dirtySlots: new Set(),
      };
      this.apps.set(key, app);
    }
    return app;
  }

  private place(app: AppScope, v: PodVersion): void {
    const k = app.free.length ? app.free.pop()! : app.rows.length;
    const row = v.row;
    row.k = k;
    app.slots.set(v.uid, k);
    app.rows[k] = row;
    app.summary.add(row);
    app.dirtySlots.add(k);
  }

  private unplace(app: AppScope, v: PodVersion): void {
    const k = app.slots.get(v.uid);
    if (k === undefined) return;
    app.summary.remove(app.rows[k]!);
    app.slots.delete(v.uid);
    app.rows[k] = null;
    app.free.push(k);
    app.dirtySlots.add(k);
  }

  // ------------------------------------------------------------ reads

  /**
   * The published state of an application's scope (what its subscribers hold). One not seen
   * yet gets a transient empty state: when it appears, its seqs start later, so the
   * subscriber sees a gap and resyncs.
   */
  scopeState(namespace: string, appId: string): ScopeState {
    const app = this.apps.get(`${namespace}/${appId}`);
    return app ? app.published : { ...emptyScopeState(appScopeKey(this.options.cluster, namespace, appId), this.options.maxTransitions), seq: this.options.scheduler.now() - 1 };
  }

  /** An application's summary as last published, or null when it has no pods left. */
  summary(namespace: string, appId: string): AppSummary | null {
    const app = this.apps.get(`${namespace}/${appId}`);
    return app ? app.published.apps[app.summaryKey] ?? null : null;
  }

  /** Every application's summary as of this subscriber's last run (fresher than the overview, which is throttled). */
  summaries(): AppSummary[] {
    const out: AppSummary[] = [];
    for (const app of this.apps.values()) {
      const s = app.published.apps[app.summaryKey];
      if (s) out.push(s);
    }
    return out;
  }

  get size(): number {
    return this.apps.size;
  }
}
