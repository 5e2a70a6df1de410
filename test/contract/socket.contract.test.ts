// The socket contract itself (independent of the cluster behind it, so it runs on the
// embedded cluster only): validation of what clients send, resync after a gap, and one slow
// client never holding back the others.

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff, diffFit } from '../../lib/snapshot/scopeState';
import { FIXTURE_APP_ID, pendingExecutor, runningExecutor } from '../../lib/spark/testing/podFixtures';
import { startBackend, type Backend } from './backends';
import { startTestDashboard, type TestDashboard, TEST_CLUSTER } from './dashboardHarness';
import { createNamespace, createPod, patchPodStatus, statusOf, uniqueName, waitFor } from './kubeOps';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const NODE = 'ip-10-0-1-1.ec2.internal';

describe('socket contract', () => {
  let backend: Backend;
  let t: TestDashboard;
  let ns: string;
  const sockets: ClientSocket[] = [];
  const connect = () => {
    const s: ClientSocket = io(new URL(t.dashboard.url).origin, { path: '/socket.io', transports: ['websocket'], forceNew: true });
    sockets.push(s);
    return s;
  };
  const ask = (s: ClientSocket, scope: unknown) => new Promise<Result<{ scope: string; seq: number }>>((resolve) => s.emit('subscribe', scope, resolve));

  beforeAll(async () => {
    backend = await startBackend('embedded');
    ns = uniqueName('spd-sock');
    await createNamespace(backend.transport('admin'), ns);
    t = await startTestDashboard(backend, { namespaces: [ns], pacing: { maxQueuedPackets: 4, maxQueuedBytes: 16 * 1024 } });
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.close();
    await backend?.close();
  });

  it('validates everything a client sends and stays up', async () => {
    const s = connect();
    for (const bad of [null, 'overview', 42, [], { kind: 'nope' }, { kind: 'app', cluster: TEST_CLUSTER, namespace: 'Bad_NS', appId: 'x' }, { kind: 'app', cluster: TEST_CLUSTER, namespace: 'ok', appId: 'x'.repeat(64) }, { kind: 'app', cluster: TEST_CLUSTER, namespace: 'ok' }]) {
      const res = await ask(s, bad);
      expect(res.ok).toBe(false);
    }
    s.emit('resync', { kind: 'app', cluster: TEST_CLUSTER, namespace: '../../etc', appId: 'x' });
    s.emit('unsubscribe', 12);
    const ok = await ask(s, { kind: 'overview' });
    expect(ok).toMatchObject({ ok: true, value: { scope: 'overview' } });
    for (let i = 0; i < 15; i++) await ask(s, { kind: 'app', cluster: TEST_CLUSTER, namespace: 'ns', appId: `app-${i}` });
    const tooMany = await ask(s, { kind: 'app', cluster: TEST_CLUSTER, namespace: 'ns', appId: 'one-too-many' });
    expect(tooMany).toEqual({ ok: false, error: 'at most 16 subscriptions per connection' });
    expect(t.dashboard.hub.metrics.rejectedMessages).toBeGreaterThanOrEqual(10);
    expect((await t.getJson('/healthz')).status).toBe(200);
  });

  it('a client that asks to resync gets a fresh snapshot that equals its replayed state', async () => {
    const s = connect();
    const scope = { kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID } as const;
    let state: ScopeState | null = null;
    const snapshots: ScopeState[] = [];
    s.on('snapshot', ({ state: st }, received) => { received(); snapshots.push(st); state = st; });
    s.on('diff', (d: ScopeDiff) => {
      if (!state) return;
      // The app did not exist when we subscribed: its first diff comes with a new seq epoch.
      if (diffFit(state, d) === 'gap') s.emit('resync', scope);
      else state = applyDiff(state, d);
    });
    await ask(s, scope);
    const api = backend.transport('admin');
    for (const id of [1, 2, 3]) {
      await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
      await patchPodStatus(api, ns, runningExecutor(id, { namespace: ns }).metadata!.name!, statusOf(runningExecutor(id, { namespace: ns })));
    }
    await waitFor('three running', () => state && state.rows.filter((r) => r?.state === 'running').length === 3);
    const before = snapshots.length;
    s.emit('resync', scope);
    await waitFor('a fresh snapshot', () => snapshots.length > before);
    const fresh = snapshots[snapshots.length - 1];
    expect(fresh.rows.filter(Boolean)).toEqual(state!.rows.filter(Boolean));
  });

  it('a client the server disconnected comes back by itself, with a fresh snapshot', async () => {
    const watched = t.watchScope({ kind: 'overview' });
    await waitFor('live', () => watched.state() && watched.client.getConnection().status === 'live');
    const snapshots = watched.client.stats.snapshots;
    // What the hub does to a client that stayed paused too long (socket.io does not reconnect after it).
    for (const s of t.dashboard.hub.io.of('/').sockets.values()) s.disconnect(true);
    await waitFor('reconnecting', () => watched.client.getConnection().status === 'reconnecting');
    await waitFor('live again with a fresh snapshot', () => watched.client.getConnection().status === 'live' && watched.client.stats.snapshots > snapshots, 20_000);
    watched.client.close();
  });

  it('a client that falls behind is paused and caught up with a snapshot; the others keep their diffs', async () => {
    const scope = { kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID } as const;
    const fast = t.watchScope(scope);
    const slow = connect();
    const slowSnapshots: ScopeState[] = [];
    slow.on('snapshot', ({ state }, received) => { received(); slowSnapshots.push(state); });
    await ask(slow, scope);
    await waitFor('both subscribed', () => slowSnapshots.length === 1 && fast.state());
    // What a slow network does to the server's side of the socket: the websocket stays busy, so
    // engine.io queues every packet. (Pausing TCP would need megabytes to fill kernel buffers.)
    const serverSide = t.dashboard.hub.io.of('/').sockets.get(slow.id!)!;
    const conn = serverSide.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[]; flush(): void };
    conn.transport.writable = false;
    const api = backend.transport('admin');
    const fastDiffsBefore = fast.client.stats.diffs;
    for (let id = 10; id < 40; id++) await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
    await waitFor('the fast client sees every executor', () => fast.state()!.rows.filter(Boolean).length >= 33);
    expect(fast.client.stats.diffs).toBeGreaterThan(fastDiffsBefore);
    await waitFor('the slow client paused', () => t.dashboard.hub.metrics.slowClientResyncs >= 1);
    const queued = conn.writeBuffer.length;
    for (let id = 40; id < 45; id++) await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
    await waitFor('the fast client sees the later ones', () => fast.state()!.rows.filter(Boolean).length >= 38);
    expect(conn.writeBuffer.length).toBe(queued);
    conn.transport.writable = true;
    conn.flush();
    await waitFor('the slow client caught up by snapshot', () => slowSnapshots.length >= 2 && slowSnapshots[slowSnapshots.length - 1].rows.filter(Boolean).length >= 38);
  });
});
