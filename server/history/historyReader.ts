// Reads of the record, each one SQL query: History's search (filtered, sorted and paged in
// the database, so tens of thousands of applications stay fast), one application's pods,
// driver log and observation periods, its counts over hours or days (downsampled in SQL: the
// last sample of each bucket), and what a restarted engine takes back into memory.

import type { HistoryApp, HistoryAppsQuery, LogTail } from '../../lib/apiTypes';
import type { PodEvent } from '../../lib/why/podEvent';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import type { CountSample } from '../../lib/series/countSeries';
import type { SqlClient } from './historyDatabase';
import type { ExitText } from '../../lib/snapshot/executorView';

export interface StoredPod {
  uid: string;
  namespace: string;
  appId: string;
  appName: string | null;
  row: Omit<ExecutorRow, 'k'>;
  exit: ExitText | null;
  goneAt: number | null;
  cores: number | null;
}

export interface AppRecord {
  pods: StoredPod[];
  driverLog: DriverLogEntry[];
  appName: string | null;
  summary: AppSummary | null;
}

export type SearchQuery = HistoryAppsQuery & { within?: readonly string[] };

const SORT_COLUMNS: Record<HistoryAppsQuery['sort'], string> = {
  started: 'started_at', ended: 'ended_at', name: 'lower(coalesce(app_name, app_id))', executors: 'executors', namespace: 'namespace', coreHours: 'core_hours',
};

/** `%` and `_` typed in a search box are characters, not wildcards. */
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface PodRowRecord { uid: string; namespace: string; app_id: string; app_name: string | null; row: Omit<ExecutorRow, 'k'>; exit: ExitText | null; gone_at: number | null; cores: number | null }
const toStored = (r: PodRowRecord): StoredPod => ({ uid: r.uid, namespace: r.namespace, appId: r.app_id, appName: r.app_name, row: r.row, exit: r.exit, goneAt: r.gone_at, cores: r.cores });
const POD_COLUMNS = 'p.uid, p.namespace, p.app_id, a.app_name, p.row, p.exit, p.gone_at, p.cores';
const WITH_APP = 'history_pods p LEFT JOIN history_apps a ON a.cluster = p.cluster AND a.namespace = p.namespace AND a.app_id = p.app_id';

export class HistoryReader {
  constructor(private readonly db: SqlClient) {}

  /** `within`: only these `cluster/namespace` pairs (what the person asking may read); absent: all. */
  async searchApps(q: SearchQuery, now = Date.now()): Promise<{ total: number; apps: HistoryApp[] }> {
    const rows = await this.db.query<{
      cluster: string; namespace: string; app_id: string; app_name: string | null; summary: AppSummary; final_state: string | null;
      started_at: number | null; ended_at: number | null; executors: number; peak_running: number; core_hours: number | null; total: number;
    }>(`SELECT cluster, namespace, app_id, app_name, summary, final_state, started_at, ended_at, executors, peak_running,
        (core_seconds + ($9::float8 * open_cores - open_core_since) / 1000.0) / 3600.0 AS core_hours, count(*) OVER () AS total
      FROM history_apps
      WHERE ($1::text IS NULL OR cluster = $1) AND ($2::text IS NULL OR namespace = $2)
        AND ($3::text IS NULL OR (CASE WHEN $3 = 'running' THEN final_state IS NULL ELSE final_state = $3 END))
        AND ($4::text IS NULL OR app_name ILIKE $4 OR app_id ILIKE $4)
        AND ($5::bigint IS NULL OR coalesce(ended_at, last_change) >= $5)
        AND ($6::bigint IS NULL OR started_at <= $6)
        AND ($10::text[] IS NULL OR (cluster || '/' || namespace) = ANY($10::text[]))
      ORDER BY ${SORT_COLUMNS[q.sort]} ${q.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, cluster, namespace, app_id
      LIMIT $7 OFFSET $8`, [
      q.cluster ?? null, q.namespace ?? null, q.state ?? null, q.q ? likeText(q.q) : null, q.from ?? null, q.to ?? null, q.pageSize, (q.page - 1) * q.pageSize, now, q.within ? [...q.within] : null,
    ]);
    const total = rows[0]?.total ?? (q.page > 1 ? await this.count(q) : 0);
    return {
      total,
      apps: rows.map((r) => ({
        summary: r.summary, finalState: r.final_state as HistoryApp['finalState'], startedAt: r.started_at, endedAt: r.ended_at,
        executors: r.executors, peakRunning: r.peak_running, coreHours: r.core_hours,
      })),
    };
  }

  /** The total of a query whose page is past the end (the window function saw no row). */
  private async count(q: SearchQuery): Promise<number> {
    return (await this.searchApps({ ...q, page: 1, pageSize: 1 })).total;
  }

  async appRecord(cluster: string, namespace: string, appId: string): Promise<AppRecord | null> {
    const [app] = await this.db.query<{ app_name: string | null; summary: AppSummary }>(
      'SELECT app_name, summary FROM history_apps WHERE cluster = $1 AND namespace = $2 AND app_id = $3', [cluster, namespace, appId]);
    const pods = await this.db.query<PodRowRecord>(
      `SELECT ${POD_COLUMNS} FROM ${WITH_APP} WHERE p.cluster = $1 AND p.namespace = $2 AND p.app_id = $3 ORDER BY p.seen_order`, [cluster, namespace, appId]);
    if (!app && !pods.length) return null;
    const log = await this.db.query<{ entry: DriverLogEntry }>(
      'SELECT entry FROM history_driver_log WHERE cluster = $1 AND namespace = $2 AND app_id = $3 ORDER BY at, pod_name', [cluster, namespace, appId]);
    return { pods: pods.map(toStored), driverLog: log.map((l) => l.entry), appName: app?.app_name ?? null, summary: app?.summary ?? null };
  }

  /** When the cluster was watched, overlapping [from, to]: the gaps between are unobserved. */
  async observations(cluster: string, from: number, to: number): Promise<[number, number][]> {
    const rows = await this.db.query<{ started_at: number; last_seen: number }>(
      'SELECT started_at, last_seen FROM history_observations WHERE cluster = $1 AND last_seen >= $2 AND started_at <= $3 ORDER BY started_at', [cluster, from, to]);
    return rows.map((r) => [r.started_at, r.last_seen]);
  }

  /** At most about `points` samples over [from, to]: the last of each bucket, plus the one in force at `from`. */
  async counts(cluster: string, namespace: string, appId: string, from: number, to: number, points: number): Promise<CountSample[]> {
    const step = Math.max(1, Math.ceil((to - from) / points));
    const rows = await this.db.query<{ at: number; counts: number[] }>(`
      (SELECT at, counts FROM history_counts WHERE cluster = $1 AND namespace = $2 AND app_id = $3 AND at < $4 ORDER BY at DESC LIMIT 1)
      UNION ALL
      (SELECT DISTINCT ON (floor((at - $4) / $6::double precision)) at, counts FROM history_counts
        WHERE cluster = $1 AND namespace = $2 AND app_id = $3 AND at >= $4 AND at <= $5
        ORDER BY floor((at - $4) / $6::double precision), at DESC)
      ORDER BY at`, [cluster, namespace, appId, from, to, step]);
    return rows.map((r) => [r.at, ...r.counts]);
  }

  /** What a restarted engine holds again: pods still present when last seen, and those that left within `since`. */
  /** A recorded pod by name (the newest of that name), with the why kept beside it. */
  async podByName(cluster: string, namespace: string, name: string): Promise<(StoredPod & { events: PodEvent[]; logTail: LogTail | null }) | null> {
    const [p] = await this.db.query<PodRowRecord>(`SELECT ${POD_COLUMNS} FROM ${WITH_APP} WHERE p.cluster = $1 AND p.namespace = $2 AND p.name = $3 ORDER BY p.seen_order DESC LIMIT 1`, [cluster, namespace, name]);
    if (!p) return null;
    const why = await this.why(cluster, [p.uid]);
    return { ...toStored(p), events: why.events.get(p.uid) ?? [], logTail: why.logTails.get(p.uid) ?? null };
  }

  /** Events and log tails of these pods. */
  async why(cluster: string, uids: readonly string[]): Promise<{ events: Map<string, PodEvent[]>; logTails: Map<string, LogTail> }> {
    const events = new Map<string, PodEvent[]>();
    const logTails = new Map<string, LogTail>();
    if (!uids.length) return { events, logTails };
    for (const r of await this.db.query<{ uid: string; event: PodEvent }>('SELECT uid, event FROM history_pod_events WHERE cluster = $1 AND uid = ANY($2::text[]) ORDER BY at', [cluster, uids])) {
      if (!events.has(r.uid)) events.set(r.uid, []);
      events.get(r.uid)!.push(r.event);
    }
    for (const r of await this.db.query<{ uid: string; tail: LogTail }>('SELECT uid, tail FROM history_log_tails WHERE cluster = $1 AND uid = ANY($2::text[])', [cluster, uids])) logTails.set(r.uid, r.tail);
    return { events, logTails };
  }

  async restorable(cluster: string, since: number): Promise<{ pods: StoredPod[]; driverLog: { namespace: string; appId: string; entry: DriverLogEntry }[]; signatures: Map<string, string>; events: Map<string, PodEvent[]>; logTails: Map<string, LogTail> }> {
    const pods = await this.db.query<PodRowRecord & { signature: string | null }>(
      `SELECT ${POD_COLUMNS}, p.signature FROM ${WITH_APP} WHERE p.cluster = $1 AND (p.gone_at IS NULL OR p.gone_at >= $2) ORDER BY p.seen_order`, [cluster, since]);
    const log = await this.db.query<{ namespace: string; app_id: string; entry: DriverLogEntry }>(`
      SELECT l.namespace, l.app_id, l.entry FROM history_driver_log l
      WHERE l.cluster = $1 AND EXISTS (SELECT 1 FROM history_pods p WHERE p.cluster = $1 AND p.namespace = l.namespace AND p.app_id = l.app_id AND (p.gone_at IS NULL OR p.gone_at >= $2))
      ORDER BY l.at, l.pod_name`, [cluster, since]);
    const why = await this.why(cluster, pods.map((p) => p.uid));
    return {
      pods: pods.map(toStored),
      driverLog: log.map((l) => ({ namespace: l.namespace, appId: l.app_id, entry: l.entry })),
      signatures: new Map(pods.filter((p) => p.signature).map((p) => [p.uid, p.signature!])),
      ...why,
    };
  }
}
