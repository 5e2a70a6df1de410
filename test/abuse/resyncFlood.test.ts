// Defect: resync and subscribe cost a full snapshot each, with no rate limit and no regard
// for a client that does not read. 2,000 resyncs (200 KB sent) made the server produce
// hundreds of MB of snapshots and stall /healthz. Now a snapshot on its way answers every
// resync of its scope, a paused client gets one per scope when it resumes, messages are rate
// limited, and a client that keeps going after being told is disconnected.

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/protocol';
import { FIXTURE_APP_ID, pendingExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import { appScopeKey } from '../../lib/snapshot/scope';
import { availableBackends, useBackend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, createPod, patchPodStatus, statusOf, uniqueName, waitFor } from '../contract/kubeOps';
import { formatHealth, formatMemory, inParallel, mb, probeHealthz, RawSocketIo, readMetrics, retainedHeap, sampleMemory } from './abuseHarness';

const EXECUTORS = 300;
const FLOOD = 2000;
const NODE = 'ip-10-0-1-1.ec2.internal';

describe.each(availableBackends())('resync flood against %s', (kind) => {
  const { backend } = useBackend(kind);
  let ns: string;
  let t: TestDashboard;
  /** The same cluster behind a dashboard without rate limits, so that only coalescing and pausing bound the cost. */
  let unlimited: TestDashboard;
  let origin: string;
  const scope = () => ({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID }) as const;

  beforeAll(async () => {
    ns = uniqueName('spd-flood');
    const api = backend().transport('admin');
    await createNamespace(api, ns);
    await inParallel(EXECUTORS, 16, (i) => createPod(api, ns, pendingExecutor(i + 1, { namespace: ns }), { nodeName: NODE }));
    t = await startTestDashboard(backend(), { namespaces: [ns] });
    const lifted = ['--message-rate', '1000000', '--message-burst', '1000000', '--address-message-rate', '1000000', '--address-message-burst', '1000000'];
    unlimited = await startTestDashboard(backend(), { namespaces: [ns], args: lifted, pacing: { maxQueuedPackets: 4 } });
    origin = new URL(t.dashboard.url).origin;
    for (const d of [t, unlimited]) {
      await waitFor('the big application in the store', () => (d.scopeState(appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID))?.rows.filter(Boolean).length ?? 0) >= EXECUTORS, 60_000);
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await unlimited?.close();
  });

  it(`a client that sends ${FLOOD} resyncs and never reads costs one snapshot and is disconnected; a well-behaved client misses nothing`, async () => {
    const snapshotBytes = JSON.stringify({ state: t.scopeState(appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID)) }).length;
    const good = t.watchScope(scope());
    await waitFor('the well-behaved client has its snapshot', () => good.state()?.rows.filter(Boolean).length === EXECUTORS);
    const before = await readMetrics(origin);

    const abuser = await RawSocketIo.open(origin);
    abuser.emit('subscribe', scope());
    abuser.pauseReading();
    const memory = sampleMemory();
    const health = probeHealthz(origin);
    const message = `42${JSON.stringify(['resync', scope()])}`;
    for (let i = 0; i < FLOOD && abuser.isOpen; i++) abuser.sendRaw(message);
    // Meanwhile the application changes; the well-behaved client must see every change.
    const api = backend().transport('admin');
    await inParallel(20, 4, (i) => patchPodStatus(api, ns, runningExecutor(i + 1, { namespace: ns }).metadata!.name!, statusOf(runningExecutor(i + 1, { namespace: ns }))));
    // A client that does not read may not notice its connection closing: ask the server.
    const closed = await waitFor('the abuser disconnected', () => t.dashboard.hub.metrics.disconnections.message_rate >= 1, 15_000).catch(() => null);
    await waitFor('the well-behaved client sees the changes', () => good.state()!.rows.filter((r) => r?.state === 'running').length === 20);
    const mem = await memory.stop();
    const h = await health.stop();
    const after = await readMetrics(origin);
    const delta = (name: string, labels?: Record<string, string>) => (after(name, labels) ?? NaN) - (before(name, labels) ?? 0);
    const produced = delta('spark_dashboard_socket_queued_bytes_total');
    console.log(`[${kind}] resync flood: ${FLOOD} resyncs of a ${EXECUTORS}-executor scope (snapshot ${mb(snapshotBytes)}): ` +
      `${delta('spark_dashboard_socket_snapshots_sent_total')} snapshots, ${mb(produced)} queued (×${(produced / (FLOOD * message.length)).toFixed(2)} the ${mb(FLOOD * message.length)} sent); ` +
      `refused ${delta('spark_dashboard_refusals_total', { reason: 'message_rate' })}; abuser ${closed ? 'disconnected' : 'still connected'}\n  ${formatMemory(mem)}\n  ${formatHealth(h)}`);

    // Bounded work: the subscribe's snapshot and the well-behaved client's own, nothing per resync.
    expect(delta('spark_dashboard_socket_snapshots_sent_total')).toBeLessThanOrEqual(3);
    expect(produced).toBeLessThan(4 * snapshotBytes + 1024 * 1024);
    // Bounded memory: the old code held one snapshot per resync (hundreds of MB here).
    expect(mem.heapPeak - mem.heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(retainedHeap(mem)).toBeLessThan(32 * 1024 * 1024);
    // Told, then disconnected, and counted.
    expect(closed).not.toBeNull();
    expect(delta('spark_dashboard_refusals_total', { reason: 'message_rate' })).toBeGreaterThan(0);
    expect(delta('spark_dashboard_socket_disconnections_total', { reason: 'message_rate' })).toBe(1);
    expect(t.logs.some((l) => l.includes('disconnected a client') && l.includes('"reason":"message_rate"'))).toBe(true);
    // /healthz kept answering.
    expect(h.failed).toBe(0);
    expect(h.answered).toBeGreaterThan(0);
    // The well-behaved client: one snapshot, then diffs without a gap.
    expect(good.client.stats.gaps).toBe(0);
    expect(good.client.stats.snapshots).toBe(1);
    expect(good.client.stats.diffs).toBeGreaterThan(0);
    expect(good.state()!.rows.filter(Boolean)).toEqual(t.scopeState(appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID))!.rows.filter(Boolean));
    good.client.close();
  });

  it('without a rate limit, resyncs and subscribes for a snapshot still on its way cost nothing', async () => {
    const o = new URL(unlimited.dashboard.url).origin;
    const before = await readMetrics(o);
    const abuser = await RawSocketIo.open(o);
    abuser.emit('subscribe', scope());
    abuser.pauseReading();
    const memory = sampleMemory();
    const resync = `42${JSON.stringify(['resync', scope()])}`, subscribe = `42${JSON.stringify(['subscribe', scope()])}`;
    for (let i = 0; i < FLOOD; i++) abuser.sendRaw(i % 2 ? resync : subscribe);
    await waitFor('every message handled', () => unlimited.dashboard.hub.metrics.snapshotsCoalesced >= FLOOD);
    const mem = await memory.stop();
    const after = await readMetrics(o);
    const delta = (name: string) => (after(name) ?? NaN) - (before(name) ?? 0);
    console.log(`[${kind}] ${FLOOD} resyncs and subscribes, no rate limit: ${delta('spark_dashboard_socket_snapshots_sent_total')} snapshot, ${delta('spark_dashboard_socket_snapshots_coalesced_total')} coalesced\n  ${formatMemory(mem)}`);
    expect(delta('spark_dashboard_socket_snapshots_sent_total')).toBe(1);
    expect(delta('spark_dashboard_socket_snapshots_coalesced_total')).toBeGreaterThanOrEqual(FLOOD);
    expect(mem.heapPeak - mem.heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(retainedHeap(mem)).toBeLessThan(32 * 1024 * 1024);
    expect(abuser.isOpen).toBe(true);
    abuser.close();
  });

  it('a paused client asking again and again gets one fresh snapshot per scope when it resumes, none while paused', async () => {
    const o = new URL(unlimited.dashboard.url).origin;
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(o, { path: '/socket.io', transports: ['websocket'], forceNew: true });
    const snapshots: string[] = [];
    s.on('snapshot', ({ state }, received) => { received(); snapshots.push(state.scope); });
    const app = scope(), overview = { kind: 'overview' } as const;
    await new Promise((resolve) => s.emit('subscribe', app, resolve));
    await waitFor('the first snapshot', () => snapshots.length === 1);
    // What a slow network does to the server's side: the websocket stays busy and engine.io queues.
    const conn = unlimited.dashboard.hub.io.of('/').sockets.get(s.id!)!.conn as unknown as { transport: { writable: boolean }; writeBuffer: { data?: unknown }[]; flush(): void };
    conn.transport.writable = false;
    const api = backend().transport('admin');
    const pausedBefore = unlimited.dashboard.hub.metrics.slowClientResyncs;
    for (let id = 21; unlimited.dashboard.hub.metrics.slowClientResyncs === pausedBefore; id++) {
      await patchPodStatus(api, ns, runningExecutor(id, { namespace: ns }).metadata!.name!, statusOf(runningExecutor(id, { namespace: ns })));
      await new Promise((r) => setTimeout(r, 60));
    }
    const coalesced = unlimited.dashboard.hub.metrics.snapshotsCoalesced;
    for (let i = 0; i < 50; i++) { s.emit('resync', app); s.emit('subscribe', overview); s.emit('resync', overview); }
    await waitFor('the requests recorded', () => unlimited.dashboard.hub.metrics.snapshotsCoalesced - coalesced === 150);
    expect(conn.writeBuffer.filter((p) => String(p.data).includes('"snapshot"'))).toHaveLength(0);
    const before = snapshots.length;
    conn.transport.writable = true;
    conn.flush();
    await waitFor('caught up', () => snapshots.length >= before + 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshots.slice(before).sort()).toEqual(['overview', appScopeKey(TEST_CLUSTER, ns, FIXTURE_APP_ID)].sort());
    s.disconnect();
  });
});
