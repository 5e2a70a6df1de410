// Per-application summary: what the overview shows for one Spark application, computed
// from the rows of its pods. Pure and deterministic, so server and browser agree.

import type { OperatorRef } from '../operator/operatorApp';
import type { ExecutorPodState } from '../spark/podState';
import { EXECUTOR_POD_STATES } from '../spark/podState';
import type { ExecutorRow } from './executorRow';

export type StateCounts = Record<ExecutorPodState, number>;

export interface DriverSummary {
  uid: string;
  name: string;
  state: ExecutorPodState;
  phase: string | null;
  node: string | null;
  deleting: boolean;
  gone: boolean;
  since: number;
  reason: string | null;
  exitCode: number | null;
}

export interface AppSummary {
  /** `cluster/namespace/appId`: unique across every cluster of the dashboard. */
  key: string;
  /** The cluster's id (see lib/cluster). */
  cluster: string;
  namespace: string;
  appId: string;
  appName: string | null;
  driver: DriverSummary | null;
  counts: StateCounts;
  executors: number;
  /** Executor pods Spark does not count yet (no executor id, or the EXECID placeholder). */
  unregistered: number;
  inactive: number;
  anomalies: number;
  createdAt: number | null;
  lastChangeAt: number;
  /** Since when the longest-waiting executor has been pending (null: none pending). */
  oldestPendingSince: number | null;
  /** Pods (driver and executors) still in the cluster; 0 once the application is cleaned up. */
  present: number;
  /** The operator resource (SparkApplication) behind it, when one is joined (absent: none). */
  operator?: OperatorRef;
}

export function emptyCounts(): StateCounts {
  const counts = {} as StateCounts;
  for (const s of EXECUTOR_POD_STATES) counts[s] = 0;
  return counts;
}

/** An application's key: cluster ids and namespaces hold no '/', so the first two split it back. */
export function appKey(cluster: string, namespace: string, appId: string): string {
  return `${cluster}/${namespace}/${appId}`;
}

export function parseAppKey(key: string): { cluster: string; namespace: string; appId: string } {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  return { cluster: key.slice(0, first), namespace: key.slice(first + 1, second), appId: key.slice(second + 1) };
}

export interface AppIdentity {
  cluster: string;
  namespace: string;
  appId: string;
  appName: string | null;
}

/**
 * The driver to show when an app has several driver pods (a resubmission): the newest alive
 * one. Ties (same creation second) go to the greater uid, so the answer never depends on the
 * order the rows come in.
 */
export function pickDriver<R extends Pick<ExecutorRow, 'uid' | 'gone' | 'createdAt'>>(drivers: Iterable<R>): R | null {
  let best: R | null = null;
  for (const d of drivers) {
    if (!best) { best = d; continue; }
    if (best.gone !== d.gone) { if (!d.gone) best = d; continue; }
    const a = best.createdAt ?? 0, b = d.createdAt ?? 0;
    if (b > a || (b === a && d.uid > best.uid)) best = d;
  }
  return best;
}

export function summarizeApp(identity: AppIdentity, rows: Iterable<Omit<ExecutorRow, 'k' | 'tr'> | null>): AppSummary {
  const counts = emptyCounts();
  const drivers: Omit<ExecutorRow, 'k' | 'tr'>[] = [];
  let executors = 0, unregistered = 0, inactive = 0, anomalies = 0;
  let createdAt: number | null = null;
  let lastChangeAt = 0;
  let oldestPendingSince: number | null = null;
  let present = 0;
  for (const row of rows) {
    if (!row) continue;
    if (row.createdAt !== null && (createdAt === null || row.createdAt < createdAt)) createdAt = row.createdAt;
    if (row.since > lastChangeAt) lastChangeAt = row.since;
    if (row.anomaly) anomalies++;
    if (!row.gone) present++;
    if (row.role === 'driver') { drivers.push(row); continue; }
    if (row.role !== 'executor') continue;
    executors++;
    counts[row.state]++;
    if (row.state === 'pending' && (oldestPendingSince === null || row.since < oldestPendingSince)) oldestPendingSince = row.since;
    if (row.executorId === null) unregistered++;
    if (row.inactive) inactive++;
  }
  const d = pickDriver(drivers);
  return {
    key: appKey(identity.cluster, identity.namespace, identity.appId),
    cluster: identity.cluster,
    namespace: identity.namespace,
    appId: identity.appId,
    appName: identity.appName,
    driver: d && {
      uid: d.uid, name: d.name, state: d.state, phase: d.phase, node: d.node, deleting: d.deleting,
      gone: d.gone, since: d.since, reason: d.reason, exitCode: d.exitCode,
    },
    counts,
    executors,
    unregistered,
    inactive,
    anomalies,
    createdAt,
    lastChangeAt,
    oldestPendingSince,
    present,
  };
}
