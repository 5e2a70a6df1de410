// A restart is invisible to the user: the dashboard (its own process, embedded history by
// default) watches a cluster, is stopped, the cluster moves on while nobody watches, and the
// dashboard starts again on the same history. Every application, executor, transition, exit
// reason and driver-log line it served before is served again, the same to the byte; what
// left meanwhile is recorded as deleted at the first list after the start; the time nobody
// watched is a gap in the record, not activity.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDetailResponse, AppHistoryResponse, AppRecordResponse, ClustersResponse, HistoryAppsResponse, PodResponse } from '../../lib/apiTypes';
import type { KubePod } from '../../lib/kube/types';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends } from '../contract/backends';
import { createNamespace, deletePod, startSparkApp } from '../contract/kubeOps';
import { sleep, startClusterProcess, startDashboardProcess, waitFor, type ClusterProcess, type DashboardProcess } from '../faults/faultHarness';

const NODE = 'ip-10-0-7-7.ec2.internal';
const NAMESPACE = 'spark-history';

describe.each(availableBackends())('a dashboard restarted on its history, against %s', { timeout: 240_000 }, (kind) => {
  let cluster: ClusterProcess;
  let api: KubeTransport;
  let dashboard: DashboardProcess | null = null;
  const historyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-history-restart-'));
  // Short retention: finished pods leave the live view quickly and are then served from the record.
  const start = () => startDashboardProcess(cluster.kubeconfigPath(), NAMESPACE, ['--history-dir', historyDir, '--history-interval', '200ms', '--retention', '10s']);

  beforeAll(async () => {
    cluster = await startClusterProcess(kind);
    api = cluster.api();
    await createNamespace(api, NAMESPACE);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.stop();
    await cluster?.stop();
    fs.rmSync(historyDir, { recursive: true, force: true });
  });

  const startApp = (name: string, executors: number) => startSparkApp(api, NAMESPACE, name, executors, NODE);

  it('serves everything seen before the restart the same, records what left meanwhile as deleted, and shows the gap', async () => {
    dashboard = await start();
    const { clusters } = await dashboard.getJson<ClustersResponse>('/api/clusters');
    const c = clusters[0].id;
    const appPath = (appId: string, sub = '') => `/api/apps/${c}/${NAMESPACE}/${appId}${sub}`;

    // A: fails and is cleaned up while the dashboard watches.
    const a = await startApp('finished', 2);
    await a.fail(1);
    await a.failDriver();
    // B: runs across the restart.
    const b = await startApp('across', 3);
    await b.fail(3);

    const settled = async (appId: string, check: (d: AppDetailResponse) => boolean) =>
      waitFor(`${appId} as expected`, async () => { try { const d = await dashboard!.getJson<AppDetailResponse>(appPath(appId)); return check(d) && d; } catch { return false; } });
    await settled(a.appId, (d) => d.driver?.state === 'failed' && d.executors.some((e) => e.state === 'failed' && e.sparkLossMessage));
    await settled(b.appId, (d) => d.executors.length === 3 && d.executors.some((e) => e.state === 'failed'));

    // The why of A's failed executor: an Event about it, and its log tail (read once when it failed).
    const podOf = (name: string) => dashboard!.getJson<PodResponse>(`/api/pods/${c}/${NAMESPACE}/${name}`);
    const a1 = await api.getJson<KubePod>(`/api/v1/namespaces/${NAMESPACE}/pods/${a.executor(1)}`);
    await api.requestJson('POST', `/api/v1/namespaces/${NAMESPACE}/events`, {
      body: {
        apiVersion: 'v1', kind: 'Event', metadata: { name: `${a.executor(1)}.oom` }, type: 'Warning', reason: 'OOMKilling', count: 1,
        message: 'Memory cgroup out of memory: Killed process 4242 (java)', involvedObject: { kind: 'Pod', namespace: NAMESPACE, name: a.executor(1), uid: a1.metadata!.uid },
        source: { component: 'kernel-monitor' }, firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(),
      },
    });
    const whyOf = (r: PodResponse) => ({ events: r.why?.events, logTail: r.why?.logTail });
    const whyA1 = whyOf(await waitFor('A1\'s event and log tail', async () => { const r = await podOf(a.executor(1)); return !!r.why?.logTail && r.why.events.length > 0 && r; }));
    const whyB3 = whyOf(await waitFor('B3\'s log tail', async () => { const r = await podOf(b.executor(3)); return !!r.why?.logTail && r; }));

    for (const name of [a.driverName, a.executor(1), a.executor(2)]) await deletePod(api, NAMESPACE, name, 0);
    const liveA = await settled(a.appId, (d) => d.driver?.state === 'deleted' && d.executors.every((e) => e.state === 'deleted') && d.summary?.present === 0);
    const liveAHistory = await dashboard.getJson<AppHistoryResponse>(appPath(a.appId, '/history'));

    // Past the retention the live view forgets A; its answers now come from the record, unchanged.
    await waitFor('A forgotten by the live view', async () => (await dashboard!.getJson<AppRecordResponse>(appPath(a.appId, '/record'))).source === 'history', 60_000);
    const strip = ({ health: _h, ...rest }: AppDetailResponse) => rest;
    expect(strip(await dashboard.getJson<AppDetailResponse>(appPath(a.appId)))).toEqual(strip(liveA));
    expect(await dashboard.getJson<AppHistoryResponse>(appPath(a.appId, '/history'))).toEqual(liveAHistory);
    // Its executor's events and log tail outlive the pod, the live view and (below) the restart.
    expect(whyOf(await podOf(a.executor(1)))).toEqual(whyA1);

    const beforeB = await dashboard.getJson<AppDetailResponse>(appPath(b.appId));
    const beforeBHistory = await dashboard.getJson<AppHistoryResponse>(appPath(b.appId, '/history'));
    await sleep(500); // the last changes reach the record (one write every 200 ms)
    await dashboard.stop();
    const stoppedAt = Date.now();

    // While nobody watches: B's failed executor is cleaned up, a running one is deleted, a new one comes and goes.
    await deletePod(api, NAMESPACE, b.executor(3), 0);
    await deletePod(api, NAMESPACE, b.executor(1), 0);
    await sleep(1500);

    dashboard = await start();
    const readyAt = Date.now();
    expect(strip(await dashboard.getJson<AppDetailResponse>(appPath(a.appId)))).toEqual(strip(liveA));
    expect(await dashboard.getJson<AppHistoryResponse>(appPath(a.appId, '/history'))).toEqual(liveAHistory);

    const afterB = await settled(b.appId, (d) => d.executors.filter((e) => e.state === 'deleted').length === 2 && d.summary?.counts.deleted === 2);
    const afterBHistory = await dashboard.getJson<AppHistoryResponse>(appPath(b.appId, '/history'));
    expect(afterB.driverLog).toEqual(beforeB.driverLog);
    expect(whyOf(await podOf(a.executor(1)))).toEqual(whyA1);
    expect(whyOf(await podOf(b.executor(3)))).toEqual(whyB3);
    for (const pod of beforeBHistory.pods) {
      const now = afterBHistory.pods.find((p) => p.uid === pod.uid)!;
      expect(now, pod.name).toBeDefined();
      // Every transition seen before is still there, in order; only a deletion may follow.
      expect(now.transitions.slice(0, pod.transitions.length)).toEqual(pod.transitions);
      const added = now.transitions.slice(pod.transitions.length);
      const deletedMeanwhile = pod.name === b.executor(3) || pod.name === b.executor(1);
      expect(added.map((t) => t.state)).toEqual(deletedMeanwhile ? ['deleted'] : []);
      // Deleted at the time of the first list after the start: after the stop, before ready.
      for (const t of added) {
        expect(t.at).toBeGreaterThanOrEqual(stoppedAt);
        expect(t.at).toBeLessThanOrEqual(readyAt);
      }
    }
    const failed = afterB.executors.find((e) => e.name === b.executor(3))!;
    expect(failed.exitReason).toEqual(beforeB.executors.find((e) => e.name === b.executor(3))!.exitReason);
    expect(failed.sparkLossMessage).toEqual(beforeB.executors.find((e) => e.name === b.executor(3))!.sparkLossMessage);

    // The time nobody watched is a gap between two observed periods.
    const record = await dashboard.getJson<AppRecordResponse>(appPath(b.appId, '/record'));
    expect(record.observed.length).toBeGreaterThanOrEqual(2);
    const gap = record.observed.findIndex((p, i) => i > 0 && p[0] > record.observed[i - 1][1]);
    expect(gap).toBeGreaterThan(0);
    expect(record.observed[gap - 1][1]).toBeLessThanOrEqual(stoppedAt);
    expect(record.observed[gap][0]).toBeGreaterThanOrEqual(stoppedAt);

    // History lists both, A as failed.
    const found = await dashboard.getJson<HistoryAppsResponse>(`/api/history/apps?cluster=${c}&namespace=${NAMESPACE}`);
    expect(found.available).toBe(true);
    expect(found.apps.find((x) => x.summary.appId === a.appId)?.finalState).toBe('failed');
    expect(found.apps.find((x) => x.summary.appId === b.appId)?.finalState).toBeNull();
  });
});
