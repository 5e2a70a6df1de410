// A client that subscribes to a big application and never reads. The server's queue for it
// fills (kernel buffers first, then ws and engine.io); past the cap it is paused instead of
// sent more snapshots, and when it has not drained after --slow-client-timeout it is
// disconnected: what it can hold is bounded in bytes and in time. Others keep their diffs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_APP_ID, pendingExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import { appScopeKey } from '../../lib/snapshot/scope';
import { useBackend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, createPod, patchPodStatus, statusOf, uniqueName, waitFor } from '../contract/kubeOps';
import { formatHealth, formatMemory, inParallel, mb, probeHealthz, RawSocketIo, readMetrics, retainedHeap, sampleMemory } from './abuseHarness';

const EXECUTORS = 1000;
const NODE = 'ip-10-0-1-1.ec2.internal';
const CAP = 256 * 1024;

describe('slow readers', { timeout: 120_000 }, () => {
  const { backend } = useBackend('embedded');
  let ns: string;
  let t: TestDashboard;

  beforeAll(async () => {
    ns = uniqueName('spd-slow');
    const api = backend().transport('admin');
    await createNamespace(api, ns);
    await inParallel(EXECUTORS, 16, (i) => createPod(api, ns, pendingExecutor(i + 1, { namespace: ns }), { nodeName: NODE }));
    t = await startTestDashboard(backend(), {
      namespaces: [ns],
      args: ['--max-client-queue', `${CAP}`, '--slow-client-timeout', '3s', '--message-burst', '1000', '--message-rate', '1000'],
    });
    await waitFor('the big application in the store', () => (t.scopeState(appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID))?.rows.filter(Boolean).length ?? 0) >= EXECUTORS, 60_000);
  }, 180_000);
  afterAll(async () => { await t?.close(); });

  it('a client that subscribes to a big application and never reads is paused at the cap, then disconnected; it holds a bounded amount', async () => {
    const origin = new URL(t.dashboard.url).origin;
    const scope = { kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID } as const;
    const snapshotBytes = JSON.stringify({ state: t.scopeState(appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID)) }).length;
    const bystander = t.watchScope(scope);
    await waitFor('the bystander has its snapshot', () => bystander.state()?.rows.filter(Boolean).length === EXECUTORS);
    const before = await readMetrics(origin);
    const memory = sampleMemory();
    const health = probeHealthz(origin);

    const slow = await RawSocketIo.open(origin, { deflate: false });
    slow.pauseReading();
    // Each new subscription is owed a snapshot: ask again and again until the server stops sending.
    let cycles = 0;
    while (t.dashboard.hub.metrics.slowClientResyncs === 0 && cycles < 200) {
      slow.emit('unsubscribe', scope);
      slow.emit('subscribe', scope);
      cycles++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const pausedAfter = cycles;
    // The application keeps changing while the slow client is paused.
    const api = backend().transport('admin');
    await inParallel(30, 4, (i) => patchPodStatus(api, ns, runningExecutor(i + 1, { namespace: ns }).metadata!.name!, statusOf(runningExecutor(i + 1, { namespace: ns }))));
    // A client that does not read does not notice its connection closing either: ask the server.
    // Kernel buffers may absorb a few snapshots first (each drain resumes the client): on a loaded
    // machine filling them takes longer.
    const closed = await waitFor('the slow client disconnected', () => t.dashboard.hub.metrics.disconnections.slow_client >= 1, 45_000).catch(() => null);
    await waitFor('the bystander sees the changes', () => bystander.state()!.rows.filter((r) => r?.state === 'running').length === 30);
    const mem = await memory.stop();
    const h = await health.stop();
    const after = await readMetrics(origin);
    const delta = (name: string, labels?: Record<string, string>) => (after(name, labels) ?? NaN) - (before(name, labels) ?? 0);
    console.log(`slow reader of a ${EXECUTORS}-executor scope (snapshot ${mb(snapshotBytes)}), cap ${mb(CAP)}: paused after ${pausedAfter} subscriptions, ` +
      `${delta('spark_dashboard_socket_snapshots_sent_total')} snapshots sent, ${delta('spark_dashboard_refusals_total', { reason: 'queue_over_cap' })} withheld at the cap, ${closed ? 'disconnected' : 'still connected'}\n  ${formatMemory(mem)}\n  ${formatHealth(h)}`);

    expect(t.dashboard.hub.metrics.slowClientResyncs).toBeGreaterThanOrEqual(1);
    expect(closed).not.toBeNull();
    expect(delta('spark_dashboard_socket_disconnections_total', { reason: 'slow_client' })).toBe(1);
    expect(t.logs.some((l) => l.includes('disconnected a client') && l.includes('"reason":"slow_client"'))).toBe(true);
    // What it cost: the snapshots the kernel and the cap let through, not one per request.
    expect(delta('spark_dashboard_socket_snapshots_sent_total')).toBeLessThan(pausedAfter + 2);
    expect(retainedHeap(mem)).toBeLessThan(32 * 1024 * 1024);
    expect(h.failed).toBe(0);
    expect(bystander.client.stats.gaps).toBe(0);
    expect(bystander.client.stats.snapshots).toBe(1);
    bystander.client.close();
  });
});
