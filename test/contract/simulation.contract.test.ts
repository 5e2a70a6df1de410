// A long seeded simulation through the whole engine: the Spark workload simulator drives the
// cluster through its API while socket clients record every message. Property: for every
// scope, snapshot(N) plus diffs N+1..M equals snapshot(M); and what the dashboard holds
// equals what the API holds.

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/protocol';
import { parseAppKey } from '../../lib/snapshot/appSummary';
import { appScopeKey, OVERVIEW_SCOPE_KEY, parseScopeKey } from '../../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff } from '../../lib/snapshot/scopeState';
import { createLogger } from '../../server/log';
import { createWorkloadSimulator, type WorkloadSimulator } from '../../sim/workload/workload';
import { availableBackends, startBackend, type Backend } from './backends';
import { startTestDashboard, type TestDashboard } from './dashboardHarness';
import { listPods, uniqueName, waitFor } from './kubeOps';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Message = { kind: 'snapshot'; state: ScopeState } | { kind: 'diff'; diff: ScopeDiff };

/** Every message of every scope, in arrival order. */
function record(socket: ClientSocket): Map<string, Message[]> {
  const log = new Map<string, Message[]>();
  const push = (scope: string, m: Message) => { if (!log.has(scope)) log.set(scope, []); log.get(scope)!.push(m); };
  socket.on('snapshot', ({ state }, received) => { received(); push(state.scope, { kind: 'snapshot', state: JSON.parse(JSON.stringify(state)) }); });
  socket.on('diff', (d) => push(d.scope, { kind: 'diff', diff: JSON.parse(JSON.stringify(d)) }));
  return log;
}

/**
 * Replays a scope's messages: each snapshot N followed by its diffs must reach exactly the
 * next snapshot M (or the end). A client the server paused for falling behind misses diffs,
 * but only ever right before a fresh snapshot.
 */
function replay(messages: Message[]): { state: ScopeState; diffs: number } {
  let state: ScopeState | null = null;
  let diffs = 0;
  let gapSince: number | null = null;
  for (const m of messages) {
    if (m.kind === 'snapshot') {
      if (state && gapSince === null) {
        // A snapshot while in step (a resync): it must equal what the diffs built.
        expect(live(state)).toEqual(live(m.state));
      }
      state = m.state;
      gapSince = null;
      continue;
    }
    if (!state || m.diff.seq <= state.seq) continue;
    if (m.diff.seq !== state.seq + 1) { gapSince ??= m.diff.seq; continue; }
    if (gapSince !== null) continue;
    state = applyDiff(state, m.diff);
    diffs++;
  }
  expect(gapSince, 'a gap never followed by a snapshot').toBeNull();
  return { state: state!, diffs };
}

const live = (s: ScopeState) => s.rows.filter((r) => r !== null);

/** How many of `messages`' diffs `replay` would apply so far (the same rules, no assertions). */
function applicable(messages: Message[] | undefined): number {
  let seq: number | null = null;
  let n = 0;
  let gap = false;
  for (const m of messages ?? []) {
    if (m.kind === 'snapshot') { seq = m.state.seq; gap = false; continue; }
    if (seq === null || m.diff.seq <= seq) continue;
    if (m.diff.seq !== seq + 1) { gap = true; continue; }
    if (gap) continue;
    seq = m.diff.seq;
    n++;
  }
  return n;
}

describe.each(availableBackends())('seeded simulation against %s', (kind) => {
  let backend: Backend;
  let t: TestDashboard;
  let workload: WorkloadSimulator;
  const sockets: ClientSocket[] = [];
  const namespaces = [uniqueName('sim-etl'), uniqueName('sim-ml')];

  beforeAll(async () => {
    backend = await startBackend(kind);
    t = await startTestDashboard(backend, { namespaces, args: ['--max-transitions', '8'] });
    workload = createWorkloadSimulator(backend.transport('admin'), {
      seed: 42, scale: 0.4, churn: 40, namespaces, log: createLogger({ level: 'warn', write: () => {} }), warmupMs: 20_000,
    });
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await workload?.stop();
    await t?.close();
    await backend?.close();
  });

  it('snapshot(N) + diffs N+1..M = snapshot(M) for every scope, and the dashboard agrees with the API', async () => {
    const origin = new URL(t.dashboard.url).origin;
    const connect = () => {
      const s: ClientSocket = io(origin, { path: '/socket.io', transports: ['websocket'], forceNew: true });
      sockets.push(s);
      return s;
    };
    await workload.start();
    // Applications that exist now keep their scope (and its seqs) for the whole run.
    const apps = await waitFor('applications', async () => {
      const r = await t.getJson<{ apps: { key: string; executors: number }[] }>('/api/apps');
      return r.body.apps.length >= 3 && r.body.apps;
    });
    const early = connect();
    const recEarly = record(early);
    const scopes = [{ kind: 'overview' as const }, ...apps.slice(0, 4).map((a) => ({ kind: 'app' as const, ...parseAppKey(a.key) }))];
    for (const scope of scopes) early.emit('subscribe', scope);
    const keys = [OVERVIEW_SCOPE_KEY, ...scopes.slice(1).map((s) => { const a = s as { cluster: string; namespace: string; appId: string }; return appScopeKey(a.cluster, a.namespace, a.appId); })];
    const hasSnapshots = (rec: Map<string, Message[]>) => keys.every((key) => rec.get(key)?.some((m) => m.kind === 'snapshot'));

    // The late client joins a stream already under way: the early one has snapshots and diffs.
    await waitFor('the early client in step', () => hasSnapshots(recEarly) && applicable(recEarly.get(OVERVIEW_SCOPE_KEY)) > 0, 60_000, 250);
    const late = connect();
    const recLate = record(late);
    for (const scope of scopes) late.emit('subscribe', scope);
    // Run on until the checks below have enough to bite on: both clients in step, many diffs
    // applied (over both clients) to the overview and to the applications, and many pod writes.
    const total = (key: string) => applicable(recEarly.get(key)) + applicable(recLate.get(key));
    await waitFor('enough simulated activity', () => {
      const stats = workload.stats();
      return hasSnapshots(recLate) && applicable(recLate.get(OVERVIEW_SCOPE_KEY)) > 0
        && total(OVERVIEW_SCOPE_KEY) > 20 && keys.slice(1).reduce((n, key) => n + total(key), 0) > 20
        && stats.pods.created > 100 && stats.pods.statusWrites > 100;
    }, 60_000, 250);

    await workload.stop();
    // Quiescence: nothing changes for a while.
    let lastDiffs = -1;
    await waitFor('quiet', () => {
      const n = t.dashboard.hub.metrics.diffsSent;
      const quiet = n === lastDiffs;
      lastDiffs = n;
      return quiet;
    }, 30_000, 1000);

    const applied = new Map<string, number>();
    for (const key of keys) {
      const server = t.scopeState(key)!;
      for (const rec of [recEarly, recLate]) {
        expect(rec.get(key)?.[0]?.kind, `a snapshot of ${key} first`).toBe('snapshot');
        const { state, diffs } = replay(rec.get(key)!);
        applied.set(key, (applied.get(key) ?? 0) + diffs);
        expect(state.seq).toBe(server.seq);
        expect(live(state)).toEqual(live(server));
        expect(state.apps).toEqual(server.apps);
      }
    }
    // Some applications sit still (stuck pending); together they must have moved a lot.
    expect(keys.slice(1).reduce((n, key) => n + applied.get(key)!, 0)).toBeGreaterThan(20);
    expect(applied.get(OVERVIEW_SCOPE_KEY)).toBeGreaterThan(20);

    // The dashboard holds what the API holds: every pod present, none that is gone.
    for (const poll of t.engine.polls) await poll.pollOnce();
    t.engine.core.flush();
    const api = backend.transport('admin');
    for (const key of keys.slice(1)) {
      const scope = parseScopeKey(key) as { namespace: string; appId: string };
      const inApi = (await listPods(api, scope.namespace, `spark-app-selector=${scope.appId}`)).map((p) => p.metadata!.uid).sort();
      const held = live(t.scopeState(key)!).filter((r) => !r!.gone).map((r) => r!.uid).sort();
      expect(held).toEqual(inApi);
    }
    const stats = workload.stats();
    expect(stats.pods.created).toBeGreaterThan(100);
    expect(stats.pods.statusWrites).toBeGreaterThan(100);
  }, 240_000);
});
