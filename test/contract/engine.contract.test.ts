// The live engine end to end over real HTTP: pods written through a Kubernetes API (the
// embedded cluster, and a real kube-apiserver when built) reach socket.io clients as diffs,
// and every way the API can misbehave is survived, visible, and loses nothing.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import {
  failedExecutor, FIXTURE_APP_ID, pendingExecutor, runningExecutor, sparkDriverPod,
} from '../../lib/spark/testing/podFixtures';
import { availableBackends, useBackend, type Backend } from './backends';
import { startTestDashboard, TEST_CLUSTER } from './dashboardHarness';
import { createNamespace, createPod, deletePod, listPods, patchPodStatus, statusOf, uniqueName, waitFor } from './kubeOps';

const rows = (s: ScopeState | null): ExecutorRow[] => (s?.rows ?? []).filter((r): r is ExecutorRow => r !== null);
const byName = (s: ScopeState | null, name: string) => rows(s).find((r) => r.name === name);
const NODE = 'ip-10-0-3-17.ec2.internal';
const execName = (id: number, namespace: string) => runningExecutor(id, { namespace }).metadata!.name!;

describe.each(availableBackends())('live engine against %s', (kind) => {
  const ctx = useBackend(kind);
  const dashboards = ctx.dashboards;
  let backend: Backend;
  beforeAll(() => { backend = ctx.backend(); });

  async function setup(options: { backoffMs?: number; args?: string[]; viaProxy?: boolean } = {}) {
    const ns = uniqueName('spd');
    const api = backend.transport('admin');
    await createNamespace(api, ns);
    const t = await startTestDashboard(backend, { namespaces: [ns], ...options });
    dashboards.push(t);
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    return { ns, api, t, app };
  }

  async function runExecutor(ns: string, id: number) {
    const api = backend.transport('admin');
    await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
    await patchPodStatus(api, ns, execName(id, ns), statusOf(runningExecutor(id, { namespace: ns })));
  }

  it('pods created, status-patched and deleted through the API reach a socket client as diffs', async () => {
    const { ns, api, t, app } = await setup();
    const overview = t.watchScope({ kind: 'overview' });
    const driver = sparkDriverPod({ phase: 'Running', namespace: ns });
    await createPod(api, ns, driver);
    await patchPodStatus(api, ns, driver.metadata!.name!, statusOf(driver));
    await waitFor('the driver running', () => byName(app.state(), driver.metadata!.name!)?.state === 'running');

    const name = execName(1, ns);
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    await waitFor('executor 1 pending', () => byName(app.state(), name)?.state === 'pending');
    const diffsBefore = app.client.stats.diffs;
    await patchPodStatus(api, ns, name, statusOf(runningExecutor(1, { namespace: ns })));
    const running = await waitFor('executor 1 running', () => { const r = byName(app.state(), name); return r?.state === 'running' && r; });
    expect(app.client.stats.diffs).toBeGreaterThan(diffsBefore);
    expect(running.executorId).toBe(1);
    expect(running.tr.length).toBeGreaterThanOrEqual(2);

    // A graceful delete of a bound pod: still running by Spark's rules, marked as being deleted.
    await deletePod(api, ns, name);
    await waitFor('executor 1 being deleted', () => byName(app.state(), name)?.deleting === true);
    expect(byName(app.state(), name)?.state).toBe('running');
    await patchPodStatus(api, ns, name, statusOf(failedExecutor(1, { namespace: ns, exitCode: 143, reason: 'Error' })));
    await deletePod(api, ns, name, 0);
    const gone = await waitFor('executor 1 gone', () => { const r = byName(app.state(), name); return r?.gone && r; });
    expect(gone.state).toBe('deleted');
    expect(gone.exitCode).toBe(143);

    const summary = await waitFor('overview counts', () => Object.values(overview.state()?.apps ?? {}).find((a) => a.namespace === ns && a.counts.deleted === 1));
    expect(summary.driver?.state).toBe('running');
    expect(summary.executors).toBe(1);
  });

  it('a pod deleted while the watch is down is recorded as deleted after the next poll', async () => {
    const { ns, api, t, app } = await setup();
    await runExecutor(ns, 1);
    await runExecutor(ns, 2);
    await waitFor('two running executors', () => rows(app.state()).filter((r) => r.state === 'running').length === 2);
    t.engine.watches[0].stop();
    await deletePod(api, ns, execName(1, ns), 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(byName(app.state(), execName(1, ns))?.state).toBe('running');
    const before = Date.now();
    await t.engine.polls[0].pollOnce();
    const gone = await waitFor('executor 1 deleted by the poll', () => { const r = byName(app.state(), execName(1, ns)); return r?.state === 'deleted' && r; });
    expect(gone.gone).toBe(true);
    expect(gone.deletedAt).toBeGreaterThanOrEqual(before);
    expect(byName(app.state(), execName(2, ns))?.state).toBe('running');
  });

  it('a too-old resourceVersion gets 410 and the source relists without losing or duplicating executors', async () => {
    const { ns, api, t, app } = await setup({ backoffMs: 300, viaProxy: true });
    for (const id of [1, 2, 3, 4]) await runExecutor(ns, id);
    await waitFor('four running executors', () => rows(app.state()).filter((r) => r.state === 'running').length === 4);
    // The dashboard loses the API; meanwhile two executors start, one goes, and history is forgotten.
    await t.proxy!.setDown(true);
    await runExecutor(ns, 5);
    await runExecutor(ns, 6);
    await deletePod(api, ns, execName(1, ns), 0);
    await backend.expireWatchHistory();
    await t.proxy!.setDown(false);
    await waitFor('a relist', () => t.engine.watches[0].metrics.relists >= 1, 30_000)
      .catch((e) => { throw new Error(`${e.message}\n${t.logs.join('\n')}`); });
    await waitFor('the relisted state', () => {
      const r = rows(app.state());
      return r.length === 6 && r.filter((x) => x.state === 'running').length === 5 && byName(app.state(), execName(1, ns))?.state === 'deleted';
    }, 30_000);
    const uids = rows(app.state()).map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    const inApi = (await listPods(api, ns)).map((p) => p.metadata!.uid).sort();
    expect(rows(app.state()).filter((r) => !r.gone).map((r) => r.uid).sort()).toEqual(inApi);
  });

  it('the API going down mid-watch is survived, shown in /readyz meanwhile, and recovered from', async () => {
    const { ns, t, app } = await setup({ backoffMs: 300 });
    await runExecutor(ns, 1);
    await waitFor('executor 1 running', () => byName(app.state(), execName(1, ns))?.state === 'running');
    await waitFor('ready', async () => (await t.getJson('/readyz')).status === 200);
    await backend.apiDown();
    try {
      const readyz = await waitFor('/readyz to report the outage', async () => {
        const r = await t.getJson<{ ready: boolean; problems: string[] }>('/readyz');
        return r.status === 503 && r.body.problems.length > 0 && r.body;
      }, 30_000);
      expect(readyz.problems.join(' ')).toMatch(/Pod watch for namespace .* is failing/);
      await waitFor('clients told that data is stale', () => app.client.getHealth()?.stale === true);
      expect(byName(app.state(), execName(1, ns))?.state).toBe('running');
    } finally {
      await backend.apiUp();
    }
    await runExecutor(ns, 2);
    await waitFor('executor 2 after recovery', () => byName(app.state(), execName(2, ns))?.state === 'running', 30_000);
    await waitFor('/readyz ready again', async () => (await t.getJson('/readyz')).status === 200, 30_000);
    expect(rows(app.state())).toHaveLength(2);
  });

  it('lists page by page with limit and continue', async () => {
    const { ns, api, app } = await setup({ args: ['--page-size', '2'] });
    for (const id of [1, 2, 3, 4, 5]) await createPod(api, ns, pendingExecutor(id, { namespace: ns }));
    const t2 = await startTestDashboard(backend, { namespaces: [ns], args: ['--page-size', '2'] });
    dashboards.push(t2);
    const app2 = t2.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await waitFor('five pending executors from a paginated list', () => rows(app2.state()).length === 5);
    await waitFor('five on the first dashboard too', () => rows(app.state()).length === 5);
  });

  it('a restricted identity gets 403: the process stays up and /readyz names the missing permission', async () => {
    const ns = uniqueName('spd-forbidden');
    await createNamespace(backend.transport('admin'), ns);
    const t = await startTestDashboard(backend, { namespaces: [ns], identity: 'restricted', backoffMs: 200 });
    dashboards.push(t);
    const r = await waitFor('/readyz to explain the 403', async () => {
      const res = await t.getJson<{ problems: string[] }>('/readyz');
      return res.status === 503 && res.body.problems.some((p) => p.includes('HTTP 403')) && res.body;
    });
    expect(r.problems.join(' ')).toMatch(/grant get, list and watch on pods/);
    expect(r.problems.join(' ')).toContain('restricted-user');
    const health = await t.getJson('/healthz');
    expect(health.status).toBe(200);
  });
});
