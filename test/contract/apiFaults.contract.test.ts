// Two ways the API can be wrong without erroring: it stops answering (a frozen process keeps
// its connections open and silent), or its state goes back in time (etcd restored from a
// backup). The first must be noticed within seconds and reported with a "stale since" that
// does not move; the second must be noticed, said, and rebuilt from, until the dashboard
// shows exactly what the API lists. The process-level versions (SIGSTOP, a wiped etcd) are
// in test/faults.

import { beforeAll, describe, expect, it } from 'vitest';
import type { DashboardHealth } from '../../lib/apiTypes';
import type { HealthReport } from '../../lib/health/sourceHealth';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import { FIXTURE_APP_ID, failedExecutor, pendingExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import { availableBackends, useBackend, type Backend } from './backends';
import { startTestDashboard, TEST_CLUSTER } from './dashboardHarness';
import { createNamespace, createPod, deletePod, listPods, patchPodStatus, statusOf, uniqueName, waitFor } from './kubeOps';

const rows = (s: ScopeState | null): ExecutorRow[] => (s?.rows ?? []).filter((r): r is ExecutorRow => r !== null);
const NODE = 'ip-10-0-9-4.ec2.internal';
const FAST_PROBE = ['--api-probe-interval', '1s', '--api-probe-timeout', '2s'];

interface Readyz { ready: boolean; problems: string[]; notices: string[]; clusters: Record<string, { reset: HealthReport['reset'] }> }

describe.each(availableBackends())('an API that stops answering, against %s', (kind) => {
  const ctx = useBackend(kind);
  let backend: Backend;
  beforeAll(() => { backend = ctx.backend(); });

  it('is noticed by the probe, reported with a fixed "stale since", and recovered from with what changed meanwhile', async () => {
    const ns = uniqueName('spd-frozen');
    const api = backend.transport('admin');
    await createNamespace(api, ns);
    const t = await startTestDashboard(backend, { namespaces: [ns], viaProxy: true, args: FAST_PROBE });
    ctx.dashboards.push(t);
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    await waitFor('executor 1', () => rows(app.state()).length === 1);
    await waitFor('ready', async () => (await t.getJson('/readyz')).status === 200);

    t.proxy!.setFrozen(true);
    const frozenAt = Date.now();
    try {
      const first = await waitFor('/readyz to say the API does not answer', async () => {
        const r = await t.getJson<Readyz>('/readyz');
        return r.status === 503 && r.body.problems.some((p) => p.includes('has not answered')) && r.body;
      }, 30_000);
      expect(first.problems.join(' ')).toMatch(/The Kubernetes API server has not answered for \d+ s \(since \d\d:\d\d:\d\d UTC\)/);
      // The outage's start, as every later report gives it.
      const staleSince = (await waitFor('clients told', () => app.client.getHealth()?.stale && app.client.getHealth())).staleSince;
      expect(staleSince).not.toBeNull();
      expect(staleSince!).toBeLessThanOrEqual(Date.now());
      // Meanwhile the cluster moves on without the dashboard.
      await createPod(api, ns, pendingExecutor(2, { namespace: ns }), { nodeName: NODE });
      await waitFor('a few more reports', async () => (await t.getJson<DashboardHealth>('/api/health')).body.clusters[TEST_CLUSTER].sources.find((s) => s.kind === 'probe')!.failures >= 3, 30_000);
      const later = (await t.getJson<DashboardHealth>('/api/health')).body;
      expect(later.stale).toBe(true);
      expect(later.staleSince).toBe(staleSince);
      expect(later.staleSince! - frozenAt).toBeLessThan(5000);
    } finally {
      t.proxy!.setFrozen(false);
    }
    await waitFor('ready again', async () => (await t.getJson('/readyz')).status === 200, 60_000);
    await waitFor('executor 2, written during the freeze', () => rows(app.state()).length === 2, 60_000);
  });
});

describe('a cluster whose state goes back in time (etcd restored from a backup), against embedded', () => {
  // Restoring etcd in place needs the embedded cluster's storage; on both backends, test/faults
  // recreates the cluster from scratch behind the same address.
  const ctx = useBackend('embedded');

  it('is detected, reported while rebuilding, and converges to exactly what the API lists', async () => {
    const backend = ctx.backend();
    const cluster = backend.embedded!;
    const ns = uniqueName('spd-reset');
    const api = backend.transport('admin');
    await createNamespace(api, ns);
    const t = await startTestDashboard(backend, { namespaces: [ns], args: FAST_PROBE });
    ctx.dashboards.push(t);
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    const name = (id: number) => runningExecutor(id, { namespace: ns }).metadata!.name!;
    for (const id of [1, 2]) await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
    await patchPodStatus(api, ns, name(1), statusOf(runningExecutor(1, { namespace: ns })));
    await waitFor('two executors', () => rows(app.state()).filter((r) => r.state === 'running' || r.state === 'pending').length === 2);

    const backup = cluster.faults.backupState();
    // After the backup: executor 1 fails, 2 is deleted, 3 and 4 start.
    await patchPodStatus(api, ns, name(1), statusOf(failedExecutor(1, { namespace: ns, exitCode: 1 })));
    await deletePod(api, ns, name(2), 0);
    for (const id of [3, 4]) await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
    await waitFor('the later state', () => rows(app.state()).filter((r) => !r.gone).length === 3);

    cluster.faults.restoreState(backup);
    const rebuilding = await waitFor('/readyz to say the cluster went back in time', async () => {
      const r = await t.getJson<Readyz>('/readyz');
      return r.body.clusters[TEST_CLUSTER].reset && r.body;
    }, 30_000);
    expect(rebuilding.clusters[TEST_CLUSTER].reset).toMatchObject({ detectedBy: expect.any(String) });
    expect([...rebuilding.problems, ...rebuilding.notices].join(' ')).toMatch(/went back in time/);

    // Converged: every pod the API lists, in its state, and nothing else live.
    const truth = async () => (await listPods(api, ns)).map((p) => p.metadata!.uid!).sort();
    await waitFor('the dashboard to show what the API lists', async () => {
      const live = rows(app.state()).filter((r) => !r.gone).map((r) => r.uid).sort();
      return JSON.stringify(live) === JSON.stringify(await truth());
    }, 30_000);
    const live = rows(app.state()).filter((r) => !r.gone);
    expect(live.map((r) => [r.name, r.state]).sort()).toEqual([[name(1), 'running'], [name(2), 'pending']]);
    // Executors 3 and 4 existed only in the lost history: recorded as deleted, not shown twice.
    expect(rows(app.state()).filter((r) => r.gone).map((r) => r.name).sort()).toEqual([name(3), name(4)]);
    await waitFor('ready again, with a notice', async () => {
      const r = await t.getJson<Readyz>('/readyz');
      return r.status === 200 && r.body.notices.some((n) => n.includes('rebuilt its view')) && r.body;
    }, 30_000);

    // The new history goes on: updates with small resourceVersions are applied.
    await patchPodStatus(api, ns, name(2), statusOf(runningExecutor(2, { namespace: ns })));
    await waitFor('executor 2 running', () => rows(app.state()).find((r) => r.name === name(2) && !r.gone)?.state === 'running');
    expect(t.engine.core.metrics.resets).toBe(1);
  });
});
