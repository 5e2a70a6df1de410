// An application's summary kept up to date row by row: add the row a pod now has, remove the
// one it had. Recomputing a summary costs every row of the application (10,000 for a big
// one) on every batch it changes in; this costs the changed rows only. summarizeApp stays the
// definition: the accumulator must always equal it over the same rows (tested).

import { ExtremeMultiset } from '../collections/extremeMultiset';
import type { AppIdentity, AppSummary, StateCounts } from './appSummary';
import { appKey, emptyCounts, pickDriver } from './appSummary';
import type { ExecutorRow } from './executorRow';

/** What the summary reads of a row: everything but its slot and transitions. */
export type SummaryRow = Omit<ExecutorRow, 'k' | 'tr'>;

export class AppSummaryAccumulator {
  private readonly counts: StateCounts = emptyCounts();
  private executors = 0;
  private unregistered = 0;
  private inactive = 0;
  private anomalies = 0;
  private present = 0;
  private rowCount = 0;
  private readonly created = new ExtremeMultiset();
  private readonly changes = new ExtremeMultiset();
  private readonly pendingSince = new ExtremeMultiset();
  private readonly drivers = new Map<string, SummaryRow>();
  private cached: AppSummary | null = null;

  constructor(private identity: AppIdentity) {}

  /** Rows currently counted: an application with none has nothing left to show. */
  get size(): number {
    return this.rowCount;
  }

  rename(appName: string | null): void {
    if (appName === this.identity.appName) return;
    this.identity = { ...this.identity, appName };
    this.cached = null;
  }

  add(row: SummaryRow): void {
    this.apply(row, 1);
  }

  remove(row: SummaryRow): void {
    this.apply(row, -1);
  }

  /** A changed row: the old one out, the new one in. */
  replace(before: SummaryRow | null, after: SummaryRow | null): void {
    if (before === after) return;
    if (before) this.apply(before, -1);
    if (after) this.apply(after, 1);
  }

  private apply(row: SummaryRow, sign: 1 | -1): void {
    this.cached = null;
    this.rowCount += sign;
    const multiset = (set: ExtremeMultiset, v: number) => (sign > 0 ? set.add(v) : set.delete(v));
    if (row.createdAt !== null) multiset(this.created, row.createdAt);
    multiset(this.changes, row.since);
    if (row.anomaly) this.anomalies += sign;
    if (!row.gone) this.present += sign;
    if (row.role === 'driver') {
      if (sign > 0) this.drivers.set(row.uid, row); else if (this.drivers.get(row.uid) === row) this.drivers.delete(row.uid);
      return;
    }
    if (row.role !== 'executor') return;
    this.executors += sign;
    this.counts[row.state] += sign;
    if (row.state === 'pending') multiset(this.pendingSince, row.since);
    if (row.executorId === null) this.unregistered += sign;
    if (row.inactive) this.inactive += sign;
  }

  /** The summary as summarizeApp would compute it over the current rows (cached until a row changes). */
  summary(): AppSummary {
    if (this.cached) return this.cached;
    const d = pickDriver(this.drivers.values());
    const { cluster, namespace, appId, appName } = this.identity;
    this.cached = {
      key: appKey(cluster, namespace, appId),
      cluster,
      namespace,
      appId,
      appName,
      driver: d && {
        uid: d.uid, name: d.name, state: d.state, phase: d.phase, node: d.node, deleting: d.deleting,
        gone: d.gone, since: d.since, reason: d.reason, exitCode: d.exitCode,
      },
      counts: { ...this.counts },
      executors: this.executors,
      unregistered: this.unregistered,
      inactive: this.inactive,
      anomalies: this.anomalies,
      createdAt: this.created.min(),
      lastChangeAt: this.changes.max() ?? 0,
      oldestPendingSince: this.pendingSince.min(),
      present: this.present,
    };
    return this.cached;
  }
}
