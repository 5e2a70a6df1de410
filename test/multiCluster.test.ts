// Three clusters in one dashboard: two embedded and one real kube-apiserver (a third embedded
// one when its binaries are not built). Pods created in each reach their own cluster's
// scope; one cluster's API going away marks only that cluster degraded (/readyz, /metrics,
// the health pushed to browsers) while diffs from the others keep flowing; when it comes
// back it resyncs with nothing lost or duplicated.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardHealth } from '../lib/apiTypes';
import type { ExecutorRow } from '../lib/snapshot/executorRow';
import { appScopeKey } from '../lib/snapshot/scope';
import type { ScopeState } from '../lib/snapshot/scopeState';
import { FIXTURE_APP_ID, pendingExecutor, runningExecutor, succeededExecutor } from '../lib/spark/testing/podFixtures';
import { LiveClient } from '../components/data/liveClient';
import { loadConfig } from '../server/config';
import { startDashboard, type Dashboard } from '../server/frontDoor';
import type { KubeTransport } from '../server/kube/kubeTransport';
import { createLogger } from '../server/log';
import { percentile } from '../bench/procStats';
import { availableBackends, startBackend, type Backend } from './contract/backends';
import { createNamespace, createPod, deletePod, listPods, patchPodStatus, statusOf, uniqueName, waitFor } from './contract/kubeOps';
import { startTcpProxy, type TcpProxy } from './contract/tcpProxy';

const NODE = 'ip-10-0-2-2.ec2.internal';
const rows = (s: ScopeState | null): ExecutorRow[] => (s?.rows ?? []).filter((r): r is ExecutorRow => r !== null);

interface Member { id: string; backend: Backend; proxy: TcpProxy; api: KubeTransport; ns: string }

describe('three clusters in one dashboard', () => {
  const members: Member[] = [];
  let dashboard: Dashboard;
  let client: LiveClient;
  const logs: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-multi-'));

  beforeAll(async () => {
    const kinds = ['embedded', 'embedded', availableBackends().includes('kube-apiserver') ? 'kube-apiserver' : 'embedded'] as const;
    const ids = ['east', 'west', kinds[2] === 'kube-apiserver' ? 'real' : 'north'];
    for (let i = 0; i < 3; i++) {
      const backend = await startBackend(kinds[i]);
      const kc = new KubeConfig();
      kc.loadFromFile(backend.kubeconfigPath('admin'));
      // The dashboard reaches each cluster through a proxy, so one cluster can be taken away from it alone.
      const server = new URL(kc.getCurrentCluster()!.server);
      const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
      const api = backend.transport('admin');
      const ns = uniqueName(`spd-${ids[i]}`);
      await createNamespace(api, ns);
      members.push({ id: ids[i], backend, proxy, api, ns });
    }
    const config = loadConfig(['--port', '0', '--poll-interval', '1h', '--batch-interval', '20ms', '--namespaces', members.map((m) => m.ns).join(','), '--api-probe-interval', '1s', '--api-probe-timeout', '2s'], {});
    const clusters = members.map((m) => {
      const kc = new KubeConfig();
      kc.loadFromFile(m.backend.kubeconfigPath('admin'));
      const c = kc.getCurrentCluster()!;
      kc.clusters = kc.clusters.map((x) => (x.name === c.name ? { ...x, server: `https://${new URL(c.server).hostname}:${m.proxy.port}` } : x));
      return { id: m.id, name: `cluster ${m.id} (${m.backend.kind})`, kubeConfig: kc };
    });
    dashboard = await startDashboard({ config, clusters, log: createLogger({ level: 'debug', write: (l) => logs.push(l) }), buildId: 'test', backoff: { initialMs: 200, maxMs: 400 } });
    client = new LiveClient({ url: new URL(dashboard.url).origin, path: '/socket.io', transports: ['websocket'], idleDisconnectMs: 10 });
  }, 240_000);

  afterAll(async () => {
    client?.close();
    await dashboard?.close();
    for (const m of members) { await m.proxy.close(); await m.backend.close(); }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scopeOf = (m: Member) => ({ kind: 'app' as const, cluster: m.id, namespace: m.ns, appId: FIXTURE_APP_ID });
  const watch = (m: Member) => {
    let latest: ScopeState | null = null;
    client.subscribe(scopeOf(m), (s) => { latest = s; });
    return () => latest;
  };
  const execName = (m: Member, id: number) => runningExecutor(id, { namespace: m.ns }).metadata!.name!;
  async function runExecutor(m: Member, id: number) {
    await createPod(m.api, m.ns, pendingExecutor(id, { namespace: m.ns }), { nodeName: NODE });
    await patchPodStatus(m.api, m.ns, execName(m, id), statusOf(runningExecutor(id, { namespace: m.ns })));
  }
  /** Milliseconds from a status write at the API to its diff at the client, `n` times. */
  async function latencies(m: Member, state: () => ScopeState | null, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = 100 + i + Math.floor(Math.random() * 1e6);
      await createPod(m.api, m.ns, pendingExecutor(id, { namespace: m.ns }), { nodeName: NODE });
      await waitFor('the pending executor', () => rows(state()).some((r) => r.name === execName(m, id)));
      const start = performance.now();
      await patchPodStatus(m.api, m.ns, execName(m, id), statusOf(succeededExecutor(id, { namespace: m.ns })));
      await waitFor('its diff', () => rows(state()).find((r) => r.name === execName(m, id))?.state === 'succeeded', 15_000);
      out.push(performance.now() - start);
    }
    return out;
  }

  it('pods created in each cluster reach that cluster\'s scope, and the overview names their clusters', async () => {
    const states = members.map(watch);
    for (const m of members) for (const id of [1, 2]) await runExecutor(m, id);
    for (const [i, m] of members.entries()) {
      await waitFor(`two running executors in ${m.id}`, () => rows(states[i]()).filter((r) => r.state === 'running').length === 2);
      // Only its own pods: the uids are those its API lists.
      const inApi = (await listPods(m.api, m.ns)).map((p) => p.metadata!.uid).sort();
      expect(rows(states[i]()).map((r) => r.uid).sort()).toEqual(inApi);
      expect(dashboard.engine(m.id).scopes.scopeState(m.ns, FIXTURE_APP_ID).scope).toBe(appScopeKey(m.id, m.ns, FIXTURE_APP_ID));
    }
    const apps = (await (await fetch(`${dashboard.url}/api/apps`)).json()) as { apps: { cluster: string; namespace: string; counts: { running: number } }[] };
    for (const m of members) expect(apps.apps.find((a) => a.cluster === m.id && a.namespace === m.ns)?.counts.running).toBe(2);
    const clusters = (await (await fetch(`${dashboard.url}/api/clusters`)).json()) as { clusters: { id: string; status: string }[] };
    expect(clusters.clusters.map((c) => [c.id, c.status])).toEqual(members.map((m) => [m.id, 'healthy']));
  });

  it('one cluster down is the only one degraded; the others keep their diffs flowing; back, it resyncs with nothing lost or duplicated', async () => {
    const [east, west, third] = members;
    const states = new Map(members.map((m) => [m.id, watch(m)]));
    await waitFor('every scope', () => members.every((m) => rows(states.get(m.id)!()).length >= 2));
    const before = { east: await latencies(east, states.get(east.id)!, 8), third: await latencies(third, states.get(third.id)!, 8) };

    await west.proxy.setDown(true);
    let restored = false;
    try {
      const readyz = await waitFor('/readyz to name west degraded', async () => {
        const r = await fetch(`${dashboard.url}/readyz`);
        const body = await r.json() as { ready: boolean; degraded: string[]; problems: string[] };
        return r.status === 200 && body.degraded.join() === 'west' && body;
      }, 30_000);
      expect(readyz.problems.every((p) => p.startsWith('cluster west'))).toBe(true);
      const metrics = await (await fetch(`${dashboard.url}/metrics`)).text();
      expect(metrics).toMatch(/spark_dashboard_cluster_ready\{cluster="west"\} 0/);
      expect(metrics).toMatch(/spark_dashboard_cluster_ready\{cluster="east"\} 1/);
      expect(metrics).toMatch(new RegExp(`spark_dashboard_cluster_ready\\{cluster="${third.id}"\\} 1`));
      // What browsers are told: west degraded on its own.
      const pushed = await waitFor('the health pushed to clients', () => client.getHealth()?.degraded.includes('west') && client.getHealth() as DashboardHealth);
      expect(pushed.clusters.east.ready).toBe(true);
      expect(pushed.clusters.west.ready).toBe(false);

      // The others go on, as fast as before; west moves on without the dashboard.
      const during = { east: await latencies(east, states.get(east.id)!, 8), third: await latencies(third, states.get(third.id)!, 8) };
      await runExecutor(west, 3);
      await deletePod(west.api, west.ns, execName(west, 1), 0);
      const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1);
      console.log(`event → client latency, ms (p50 / max): east ${p(before.east, 50)} / ${p(before.east, 100)} before, ${p(during.east, 50)} / ${p(during.east, 100)} while west was down; `
        + `${third.id} ${p(before.third, 50)} / ${p(before.third, 100)} before, ${p(during.third, 50)} / ${p(during.third, 100)} during`);
      expect(during.east).toHaveLength(8);
      expect(during.third).toHaveLength(8);

      await west.proxy.setDown(false);
      restored = true;
    } finally {
      if (!restored) await west.proxy.setDown(false);
    }
    await waitFor('ready with nothing degraded', async () => {
      const body = await (await fetch(`${dashboard.url}/readyz`)).json() as { degraded: string[] };
      return body.degraded.length === 0;
    }, 60_000);
    const westState = states.get(west.id)!;
    await waitFor('west equal to its API', async () => {
      const live = rows(westState()).filter((r) => !r.gone).map((r) => r.uid).sort();
      const truth = (await listPods(west.api, west.ns)).map((p) => p.metadata!.uid!).sort();
      return JSON.stringify(live) === JSON.stringify(truth);
    }, 60_000);
    const uids = rows(westState()).map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(rows(westState()).find((r) => r.name === execName(west, 1))).toMatchObject({ state: 'deleted', gone: true });
    expect(rows(westState()).find((r) => r.name === execName(west, 3))?.state).toBe('running');
  });
});
