// Bad input loses nothing: malformed pods, a watch line that is not JSON, an API answering
// 403 or 500. Each is logged once with context, the process stays up, /readyz says what is
// wrong, and what the dashboard already knew is kept.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import { FIXTURE_APP_ID, pendingExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import { availableBackends, useBackend, type Backend } from './backends';
import { startTestDashboard, TEST_CLUSTER } from './dashboardHarness';
import { createNamespace, createPod, MERGE_PATCH, patchPodStatus, podPath, statusOf, uniqueName, waitFor } from './kubeOps';

const rows = (s: ScopeState | null): ExecutorRow[] => (s?.rows ?? []).filter((r): r is ExecutorRow => r !== null);
const NODE = 'ip-10-0-7-9.ec2.internal';

describe.each(availableBackends())('bad input against %s', (kind) => {
  const ctx = useBackend(kind);
  const dashboards = ctx.dashboards;
  let backend: Backend;
  beforeAll(() => { backend = ctx.backend(); });

  async function setup(args: string[] = []) {
    const ns = uniqueName('spd-bad');
    const api = backend.transport('admin');
    await createNamespace(api, ns);
    const t = await startTestDashboard(backend, { namespaces: [ns], backoffMs: 200, args });
    dashboards.push(t);
    return { ns, api, t };
  }

  it('malformed Spark pods are shown (unknown, unregistered, sane times) and never break the others', async () => {
    const { ns, api, t } = await setup();
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    const good = runningExecutor(1, { namespace: ns });
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    await patchPodStatus(api, ns, good.metadata!.name!, statusOf(good));

    // An unknown phase, accepted by the API as it is by real servers.
    const bogus = runningExecutor(2, { namespace: ns });
    await createPod(api, ns, pendingExecutor(2, { namespace: ns }), { nodeName: NODE });
    await patchPodStatus(api, ns, bogus.metadata!.name!, { ...statusOf(bogus), phase: 'Bogus' });

    // Absurd timestamps: a container that started in 1970 and finishes in the year 3000.
    const absurd = runningExecutor(3, { namespace: ns });
    await createPod(api, ns, pendingExecutor(3, { namespace: ns }), { nodeName: NODE });
    const st = statusOf(absurd);
    await patchPodStatus(api, ns, absurd.metadata!.name!, {
      ...st, containerStatuses: st.containerStatuses!.map((c) => ({ ...c, state: { running: { startedAt: '1970-01-01T00:00:00Z' } } })),
      startTime: '3000-01-01T00:00:00Z',
    });

    // Only spark-role: no application id, no executor id.
    await api.requestJson('POST', podPath(ns), {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare-executor', labels: { 'spark-role': 'executor' } }, spec: { containers: [{ name: 'spark-kubernetes-executor', image: 'apache/spark:4.1.1' }] } },
    });

    // No phase at all: where Spark itself would throw.
    await createPod(api, ns, pendingExecutor(4, { namespace: ns }), { nodeName: NODE });
    await api.requestJson('PATCH', `${podPath(ns, pendingExecutor(4, { namespace: ns }).metadata!.name!)}/status`, { body: { status: { phase: null } }, contentType: MERGE_PATCH });

    await waitFor('the four executors of the app', () => rows(app.state()).length === 4);
    const byId = (id: number) => rows(app.state()).find((r) => r.executorId === id)!;
    await waitFor('states settled', () => byId(1)?.state === 'running' && byId(2)?.state === 'unknown' && byId(4)?.state === 'unknown');
    expect(byId(2).anomaly).toBeNull();
    expect(byId(4).anomaly).toMatch(/phase/i);
    expect(byId(3).state).toBe('running');
    expect(byId(3).startedAt).toBeNull();
    const bare = await t.getJson<{ apps: { appId: string; unregistered: number }[] }>('/api/apps');
    expect(bare.body.apps.find((a) => a.appId === '')?.unregistered).toBe(1);
    expect(t.logs.filter((l) => l.includes('a Spark pod Spark itself could not read')).length).toBe(1);
    expect((await t.getJson('/healthz')).status).toBe(200);
  });

  it.skipIf(kind !== 'embedded')('a watch line that is not JSON is counted and logged once, and the watch goes on', async () => {
    const { ns, api, t } = await setup();
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    await waitFor('executor 1', () => rows(app.state()).length === 1);
    backend.embedded!.faults.injectMalformedWatchLine('{"type":"MODIFIED","object":{"metadata":');
    backend.embedded!.faults.injectMalformedWatchLine('<html>502 Bad Gateway</html>');
    await waitFor('two malformed lines counted', () => t.engine.watches[0].metrics.malformedLines === 2);
    await createPod(api, ns, pendingExecutor(2, { namespace: ns }), { nodeName: NODE });
    await waitFor('executor 2 after the bad lines', () => rows(app.state()).length === 2);
    expect(t.logs.filter((l) => l.includes('a watch line is not JSON'))).toHaveLength(1);
    expect(t.logs.find((l) => l.includes('a watch line is not JSON'))).toContain('"line":');
    const metrics = await t.getJson<string>('/metrics');
    expect(metrics.body).toMatch(/spark_dashboard_malformed_watch_lines_total\{cluster="test",namespace="[^"]+"\} 2/);
  });

  it.skipIf(kind !== 'embedded')('an API answering 500 then 403 to lists: logged once per outage, /readyz explains, nothing known is lost', async () => {
    const { ns, api, t } = await setup();
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: NODE });
    await waitFor('executor 1', () => rows(app.state()).length === 1);
    const faults = backend.embedded!.faults;
    faults.failNext({ resource: 'pods', verb: 'list' }, 500, 3);
    await t.engine.polls[0].pollOnce();
    let ready = await t.getJson<{ problems: string[] }>('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.problems.join(' ')).toMatch(/Pod poll for namespace .* is failing \(HTTP 500\)/);
    faults.reset();
    faults.failNext({ resource: 'pods', verb: 'list' }, 403, 3);
    await t.engine.polls[0].pollOnce();
    await t.engine.polls[0].pollOnce();
    ready = await t.getJson<{ problems: string[] }>('/readyz');
    expect(ready.body.problems.join(' ')).toMatch(/HTTP 403.*lacks permission/);
    expect(rows(app.state())).toHaveLength(1);
    expect(rows(app.state())[0].gone).toBe(false);
    expect(t.logs.filter((l) => l.includes('pod poll failed') && l.includes('WARN'))).toHaveLength(1);
    faults.reset();
    await t.engine.polls[0].pollOnce();
    await waitFor('ready again', async () => (await t.getJson('/readyz')).status === 200);
    expect(t.logs.some((l) => l.includes('pod poll recovered'))).toBe(true);
  });
});
