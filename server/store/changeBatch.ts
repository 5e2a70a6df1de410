// What the store core hands its subscribers every batch interval: per pod, the version before
// the batch, the version after it and the transitions recorded in between; the full listings
// applied; and a reset of the cluster's state if one was seen. Nothing else: each subscriber
// keeps what it needs (slots, summaries, samples, logs) from these.

import type { PodResources } from '../../lib/kube/podResources';
import type { PodWaiting } from '../../lib/why/podWaiting';
import type { ClusterReset } from '../../lib/health/sourceHealth';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import type { PodRow, Transition } from '../../lib/snapshot/executorRow';
import type { ListingOutcome } from './snapshotSink';

/** One pod as the core holds it: immutable, replaced whole on every change. */
export interface PodVersion {
  uid: string;
  namespace: string;
  appId: string;
  appName: string | null;
  /** The operator application its labels name; absent (not even undefined) on other pods. */
  operatorApp?: string;
  row: PodRow;
  /** Claims the pod mounts (names in its namespace). */
  claimNames: readonly string[];
  /** CPU the pod reserves (cores), null when it requests none: what core-hours are counted from. */
  cores: number | null;
  /** What the pod asks of its node and its namespace's quota (shared between pods asking the same); null when not known (taken back from the record). */
  resources: PodResources | null;
  /** Why the pod waits, in its own words (the scheduler's condition, a waiting container); null when it does not. */
  waiting: PodWaiting | null;
}

export interface PodChange {
  uid: string;
  /** null: the pod was not known before this batch. */
  before: PodVersion | null;
  /** null: forgotten (retention), which is not the same as deleted (row.gone). */
  after: PodVersion | null;
  /** Transitions recorded since the previous batch, oldest first. */
  transitions: Transition[];
  /** Driver pods: every change spark-submit's status watcher would have logged, oldest first. */
  driverLog: DriverLogEntry[];
  /** When the first event of this change arrived (a watch event, or the time a list was asked for). */
  receivedAt: number;
}

export interface ListingEvent {
  namespace: string;
  listedAt: number;
  resourceVersion: string | undefined;
  source: string;
  outcome: Extract<ListingOutcome, 'applied' | 'reset'>;
}

export interface ChangeBatch {
  /** 1, 2, 3, … per core; a merged batch carries the last seq it covers. */
  seq: number;
  at: number;
  changes: PodChange[];
  listings: ListingEvent[];
  reset: ClusterReset | null;
}

/** Application key within one cluster: what groups pods. */
export function podAppKey(v: Pick<PodVersion, 'namespace' | 'appId'>): string {
  return `${v.namespace}/${v.appId}`;
}

/**
 * Several batches as one, for a subscriber that fell behind: per pod the first `before`, the
 * last `after` and every transition and log entry in order. Its memory is bounded by the
 * number of distinct pods, not the number of events.
 */
export function mergeBatches(batches: readonly ChangeBatch[]): ChangeBatch {
  if (batches.length === 1) return batches[0];
  const byUid = new Map<string, PodChange>();
  const listings: ListingEvent[] = [];
  let reset: ClusterReset | null = null;
  for (const b of batches) {
    for (const c of b.changes) {
      const prev = byUid.get(c.uid);
      if (!prev) { byUid.set(c.uid, c); continue; }
      byUid.set(c.uid, {
        uid: c.uid, before: prev.before, after: c.after,
        transitions: c.transitions.length ? [...prev.transitions, ...c.transitions] : prev.transitions,
        driverLog: c.driverLog.length ? [...prev.driverLog, ...c.driverLog] : prev.driverLog,
        receivedAt: Math.min(prev.receivedAt, c.receivedAt),
      });
    }
    listings.push(...b.listings);
    reset = b.reset ?? reset;
  }
  const last = batches[batches.length - 1];
  return { seq: last.seq, at: last.at, changes: [...byUid.values()], listings, reset };
}
