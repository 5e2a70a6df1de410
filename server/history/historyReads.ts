// The JSON API's answers about an application the live engine no longer holds (it finished
// longer ago than the retention, or before a restart), built from the record with the same
// functions the live answers use: the same summary, the same executor views, the same shapes.
// And the application as of a time (`/at?t=`), live or recorded.

import type { AppAtResponse, AppDetailResponse, AppDriverResponse, AppHistoryResponse, AppRecordResponse, ClusterHealth } from '../../lib/apiTypes';
import { rowsAt } from '../../lib/history/timeTravel';
import { appKey, pickDriver, summarizeApp, type AppSummary } from '../../lib/snapshot/appSummary';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { transitionsOf, type ExecutorView } from '../../lib/snapshot/executorView';
import type { AppRecord, StoredPod } from './historyReader';

export interface RecordedApp {
  cluster: string;
  namespace: string;
  appId: string;
  record: AppRecord;
}

/** The recorded pods as rows, slots numbered in order (drivers first, then by creation). */
export function recordedRows(record: AppRecord): ExecutorRow[] {
  return record.pods.map((p, k) => ({ ...p.row, k }));
}

export function recordedSummary(app: RecordedApp, rows: readonly ExecutorRow[] = recordedRows(app.record)): AppSummary {
  const appName = app.record.appName ?? app.record.summary?.appName ?? null;
  const summary = summarizeApp({ cluster: app.cluster, namespace: app.namespace, appId: app.appId, appName }, rows);
  // The operator application recorded with it (its pods say nothing of it; a failed submission has none).
  const operator = app.record.summary?.operator;
  if (!operator) return summary;
  return rows.length ? { ...summary, operator } : { ...summary, operator, createdAt: app.record.summary!.createdAt, lastChangeAt: app.record.summary!.lastChangeAt };
}

/** A recorded pod as the live view would show it. */
export function recordedView(cluster: string, p: StoredPod): ExecutorView {
  const { tr: _tr, ...fields } = p.row as ExecutorRow;
  return {
    ...fields, cluster, namespace: p.namespace, appId: p.appId, transitions: transitionsOf(p.row),
    exitReason: p.exit?.exitReason ?? null, sparkLossMessage: p.exit?.sparkLossMessage ?? null,
  };
}

function views(app: RecordedApp): ExecutorView[] {
  return app.record.pods.map((p) => recordedView(app.cluster, p));
}

function driverParts(app: RecordedApp): AppDriverResponse {
  const summary = recordedSummary(app);
  const drivers = views(app).filter((v) => v.role === 'driver');
  const driver = drivers.find((d) => d.uid === summary.driver?.uid) ?? pickDriver(drivers) ?? null;
  return { summary, driver, otherDrivers: drivers.filter((d) => d !== driver), driverLog: app.record.driverLog };
}

export function recordedDetail(app: RecordedApp, health: ClusterHealth): AppDetailResponse {
  return { ...driverParts(app), executors: views(app).filter((v) => v.role !== 'driver'), health };
}

export function recordedDriver(app: RecordedApp): AppDriverResponse {
  return driverParts(app);
}

export function recordedHistory(app: RecordedApp): AppHistoryResponse {
  return {
    key: appKey(app.cluster, app.namespace, app.appId),
    pods: app.record.pods.map((p) => ({ uid: p.uid, name: p.row.name, role: p.row.role, executorId: p.row.executorId, transitions: transitionsOf(p.row) })),
    driverLog: app.record.driverLog,
  };
}

export function recordResponse(source: AppRecordResponse['source'], summary: AppSummary | null, rows: ExecutorRow[], driverLog: DriverLogEntry[], observed: [number, number][]): AppRecordResponse {
  return { source, summary, rows, driverLog, observed };
}

/** The application as it stood at `t`, from its rows (live or recorded). */
export function appAt(identity: { cluster: string; namespace: string; appId: string; appName: string | null }, rows: readonly (ExecutorRow | null)[], t: number): AppAtResponse {
  const then = rowsAt(rows, t);
  return {
    at: t,
    summary: summarizeApp(identity, then),
    executors: then.filter((r) => r.role === 'executor').map((r) => ({ uid: r.uid, name: r.name, executorId: r.executorId, state: r.state, since: r.since })),
  };
}
