// History on a shared PostgreSQL, over real processes: two dashboard replicas on one database
// store every transition once, and when the writing replica dies the other takes over with no
// gap; a database that goes away leaves the live view working while /readyz says history is
// degraded, and the writer catches up when it returns.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDetailResponse, AppHistoryResponse, ClustersResponse, DashboardHealth } from '../../lib/apiTypes';
import { openPostgresDatabase, type HistoryDatabase } from '../../server/history/historyDatabase';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { createNamespace, startSparkApp } from '../contract/kubeOps';
import { startClusterProcess, startDashboardProcess, waitFor, type ClusterProcess, type DashboardProcess } from '../faults/faultHarness';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgresServer';

const NODE = 'ip-10-0-8-8.ec2.internal';
const NAMESPACE = 'spark-shared';

describe.runIf(findPostgresBin())('history on a shared PostgreSQL', { timeout: 240_000 }, () => {
  let pg: PostgresServer;
  let cluster: ClusterProcess;
  let api: KubeTransport;
  const dashboards: DashboardProcess[] = [];

  beforeAll(async () => {
    [pg, cluster] = await Promise.all([startPostgres(), startClusterProcess('embedded')]);
    api = cluster.api();
    await createNamespace(api, NAMESPACE);
  }, 180_000);

  afterAll(async () => {
    for (const d of dashboards) await d.stop();
    await cluster?.stop();
    await pg?.stop();
  });

  const start = async (url: string) => {
    const d = await startDashboardProcess(cluster.kubeconfigPath(), NAMESPACE, ['--database-url', url, '--history-interval', '200ms']);
    dashboards.push(d);
    return d;
  };

  const startApp = (name: string, executors: number) => startSparkApp(api, NAMESPACE, name, executors, NODE);

  /** A dashboard on the database at `url`, once it holds (or, when `holds` is false, does not hold) the writer lock. */
  async function startReplica(url: string, holds = true): Promise<{ d: DashboardProcess; c: string }> {
    const d = await start(url);
    const { clusters } = await d.getJson<ClustersResponse>('/api/clusters');
    const c = clusters[0].id;
    await waitFor(`the replica to ${holds ? 'hold' : 'stand by for'} the writer lock`, async () => (await d.metric('spark_dashboard_history_writer', { cluster: c })) === (holds ? 1 : 0));
    return { d, c };
  }

  /** Per pod: the transitions the record holds, against what the dashboard serves. */
  async function recordMatches(db: HistoryDatabase, d: DashboardProcess, cluster: string, appId: string): Promise<{ equal: boolean; extra: number }> {
    const served = await d.getJson<AppHistoryResponse>(`/api/apps/${cluster}/${NAMESPACE}/${appId}/history`);
    const stored = await db.query<{ uid: string; state: number; at: number }>('SELECT uid, state, at FROM history_transitions WHERE cluster = $1 AND app_id = $2 ORDER BY uid, at, state', [cluster, appId]);
    const byUid = new Map<string, number>();
    for (const t of stored) byUid.set(t.uid, (byUid.get(t.uid) ?? 0) + 1);
    let equal = true, extra = 0;
    for (const p of served.pods) {
      const n = byUid.get(p.uid) ?? 0;
      if (n !== p.transitions.length) equal = false;
      if (n > p.transitions.length) extra += n - p.transitions.length;
    }
    if (byUid.size !== served.pods.length) equal = false;
    return { equal, extra };
  }

  it('two replicas store every transition once; when the writer dies the other takes over with no gap', async () => {
    const url = await pg.createDatabase('replicas');
    const db = await openPostgresDatabase(url);
    try {
      const { d: first, c } = await startReplica(url);
      const { d: second } = await startReplica(url, false);

      const app = await startApp('shared', 3);
      await app.fail(1);
      await app.remove(2);
      await app.run(4);
      await waitFor('the record to hold what the writer serves', async () => (await recordMatches(db, first, c, app.appId)).equal);
      // The standby saw the same and wrote nothing twice.
      await waitFor('the standby to serve the same', async () => (await recordMatches(db, second, c, app.appId)).equal);

      await first.kill();
      await app.fail(3);
      await app.run(5);
      await waitFor('the standby to take the writer lock', async () => (await second.metric('spark_dashboard_history_writer', { cluster: c })) === 1, 30_000);
      await waitFor('the record to catch up with the new writer', async () => {
        const m = await recordMatches(db, second, c, app.appId);
        expect(m.extra).toBe(0);
        return m.equal;
      });
      const dup = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT uid, state, at FROM history_transitions WHERE cluster = $1 GROUP BY uid, state, at HAVING count(*) > 1) d`, [c]);
      expect(dup[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('a database that goes away: the live view works, /readyz says history is degraded, and the writer catches up when it returns', async () => {
    const url = await pg.createDatabase('outage');
    let db = await openPostgresDatabase(url);
    try {
      const { d, c } = await startReplica(url);
      const app = await startApp('outage', 2);
      await waitFor('recorded', async () => (await recordMatches(db, d, c, app.appId)).equal);
      await db.close();

      await pg.down();
      await app.fail(1);
      await app.run(3);
      // Live: the change shows at once.
      await waitFor('the live view to show the change', async () => {
        const detail = await d.getJson<AppDetailResponse>(`/api/apps/${c}/${NAMESPACE}/${app.appId}`);
        return detail.executors.length === 3 && detail.executors.some((e) => e.state === 'failed');
      }).catch((e: unknown) => {
        // What the dashboard said while it did not answer: the only clue a rare failure leaves.
        throw new Error(`${(e as Error).message}\ndashboard log (last 40 lines):\n${d.logs.slice(-40).join('\n')}`);
      });
      const degraded = await waitFor('/readyz to say history is degraded', async () => {
        const res = await fetch(`${d.origin}/readyz`);
        const body = await res.json() as DashboardHealth;
        return res.status === 200 && body.history === 'degraded' && body.notices.some((n) => /History is not being written/.test(n)) && body;
      }, 90_000);
      expect(degraded.ready).toBe(true);
      // What changed meanwhile waits to be written.
      await waitFor('the changes to wait for the database', async () => ((await d.metric('spark_dashboard_history_pending_pods', { cluster: c })) ?? 0) > 0, 30_000);

      await pg.up();
      db = await openPostgresDatabase(url);
      await waitFor('the writer to catch up', async () => (await recordMatches(db, d, c, app.appId)).equal, 90_000);
      await waitFor('/readyz to say history is recording', async () => ((await (await fetch(`${d.origin}/readyz`)).json()) as DashboardHealth).history === 'recording', 60_000);
      expect(await d.metric('spark_dashboard_history_pending_pods', { cluster: c })).toBe(0);
      expect(await d.metric('spark_dashboard_history_dropped_total', { cluster: c, kind: 'pods' })).toBe(0);
    } finally {
      await db.close().catch(() => {});
    }
  });
});
