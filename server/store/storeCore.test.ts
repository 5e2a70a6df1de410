import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { appKey } from '../../lib/snapshot/appSummary';
import { STATE_CODE, stateOfCode } from '../../lib/snapshot/executorRow';
import { appScopeKey, OVERVIEW_SCOPE_KEY } from '../../lib/snapshot/scope';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff } from '../../lib/snapshot/scopeState';
import {
  deletedExecutor, deletedWhileRunning, failedExecutor, FIXTURE_APP_ID, FIXTURE_BASE_MS, FIXTURE_NAMESPACE, pendingExecutor,
  runningExecutor, sparkDriverPod, succeededExecutor, unregisteredExecutor,
} from '../../lib/spark/testing/podFixtures';
import type { FullListing } from './snapshotSink';
import { createLogger } from '../log';
import { ManualScheduler } from '../scheduling/manualScheduler';
import type { ChangeBatch } from './changeBatch';
import { ClaimIndex } from './claimIndex';
import { DriverStateLog } from './driverStateLog';
import { OverviewFeed } from './overviewFeed';
import { OverviewScope } from './overviewScope';
import { ScopePublisher } from './scopePublisher';
import { StoreCore, type StoreCoreOptions } from './storeCore';
import type { StoreSubscriber } from './subscriberRunner';

const CLUSTER = 'prod-eu';
const APP_SCOPE = appScopeKey(CLUSTER, FIXTURE_NAMESPACE, FIXTURE_APP_ID);
const APP_KEY = appKey(CLUSTER, FIXTURE_NAMESPACE, FIXTURE_APP_ID);
const BATCH_MS = 50;

/** The core with the subscribers a cluster engine gives it, on a manual clock. */
function makeStore(overrides: Partial<StoreCoreOptions> & { overviewIntervalMs?: number } = {}) {
  const scheduler = new ManualScheduler(FIXTURE_BASE_MS + 3_600_000);
  const logs: string[] = [];
  const log = createLogger({ write: (l) => logs.push(l) });
  const core = new StoreCore({
    projection: { checkAllContainers: true, executorContainerName: 'spark-kubernetes-executor', driverContainerName: 'spark-kubernetes-driver' },
    batchIntervalMs: BATCH_MS, retentionMs: 60_000, maxDepartedPerApp: 1000, maxTransitions: 16, scheduler, ...overrides,
  }, log);
  const scopes = new ScopePublisher({ cluster: CLUSTER, intervalMs: BATCH_MS, maxTransitions: 16, scheduler });
  const overview = new OverviewScope(scheduler, 16);
  const feed = new OverviewFeed(CLUSTER, overrides.overviewIntervalMs ?? BATCH_MS, overview);
  const driverLog = new DriverStateLog(BATCH_MS, 10);
  const claims = new ClaimIndex(BATCH_MS);
  for (const s of [scopes, feed, driverLog, claims]) core.addSubscriber(s);
  core.start();
  const received: ScopeDiff[] = [];
  scopes.subscribe((d) => received.push(...d));
  overview.subscribe((d) => received.push(...d));
  const state = (scope: string): ScopeState => (scope === OVERVIEW_SCOPE_KEY ? overview.scopeState() : scopes.scopeState(FIXTURE_NAMESPACE, FIXTURE_APP_ID));
  /** One batch interval: the core hands over its batch and every subscriber on that interval runs. */
  const settle = (ms = BATCH_MS) => { const from = received.length; scheduler.advance(ms); return received.slice(from); };
  return { core, scopes, overview, feed, driverLog, claims, scheduler, received, logs, state, settle, now: () => scheduler.now(), tick: (ms: number) => { scheduler.advance(ms); return scheduler.now(); } };
}

const rowsOf = (state: ScopeState | null) => (state?.rows ?? []).filter((r) => r !== null);
const rowByName = (state: ScopeState | null, name: string) => rowsOf(state).find((r) => r!.name === name)!;
const withRv = (pod: KubePod, rv: string): KubePod => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: rv } });
/** A consistent full listing asked for when nothing had been applied yet (override what a case needs). */
const listing = (listedAt: number, resourceVersion: string, more: Partial<FullListing> = {}): FullListing => ({
  namespace: '*', listedAt, resourceVersion, source: 'test', consistent: true, mark: { version: undefined, epoch: 0 }, ...more,
});

/** A subscriber that records every batch it is handed. */
function recorder(name: string, intervalMs: number, behaviour: (b: ChangeBatch) => void | Promise<void> = () => {}) {
  const batches: ChangeBatch[] = [];
  const sub: StoreSubscriber = { name, intervalMs, onBatch: (b) => { batches.push(b); return behaviour(b); } };
  return { sub, batches, changes: () => batches.flatMap((b) => b.changes) };
}

describe('StoreCore with its subscribers', () => {
  it('groups pods into applications and publishes one diff per scope per batch', () => {
    const { core, feed, settle, now } = makeStore();
    core.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', now());
    core.updatePod(runningExecutor(1), 'ADDED', now());
    core.updatePod(pendingExecutor(2), 'ADDED', now());
    const diffs = settle();
    expect(diffs.map((d) => d.scope).sort()).toEqual([APP_SCOPE, OVERVIEW_SCOPE_KEY].sort());
    expect(diffs.find((d) => d.scope === APP_SCOPE)!.added).toHaveLength(3);
    const summary = feed.summaries()[0];
    expect(summary).toMatchObject({ key: APP_KEY, cluster: CLUSTER, executors: 2 });
    expect(summary.counts.running).toBe(1);
    expect(summary.counts.pending).toBe(1);
    expect(summary.driver?.state).toBe('running');
    expect(settle()).toEqual([]);
  });

  it('never lets an older resourceVersion overwrite a newer one', () => {
    const { core, state, settle, now } = makeStore();
    core.updatePod(withRv(failedExecutor(1, { exitCode: 1 }), '500'), 'MODIFIED', now());
    core.updatePod(withRv(runningExecutor(1), '400'), 'MODIFIED', now());
    settle();
    expect(rowByName(state(APP_SCOPE), runningExecutor(1).metadata!.name!).state).toBe('failed');
    expect(core.metrics.staleUpdatesIgnored).toBe(1);
  });

  it('a pod first seen mid-life gets its earlier transitions from its own timestamps', () => {
    const { core, state, settle, now } = makeStore();
    const pod = failedExecutor(3, { exitCode: 137, reason: 'OOMKilled' });
    core.updatePod(pod, 'ADDED', now());
    settle();
    const row = rowByName(state(APP_SCOPE), pod.metadata!.name!);
    const created = Date.parse(pod.metadata!.creationTimestamp!);
    const finished = Date.parse(pod.status!.containerStatuses!.find((c) => c.name === 'spark-kubernetes-executor')!.state!.terminated!.finishedAt!);
    expect(row.tr.map(([s]) => stateOfCode(s))).toEqual(['pending', 'running', 'failed']);
    expect(row.tr[0][1]).toBe(created);
    expect(row.tr[2][1]).toBe(finished);
    expect(row.reason).toBe('OOMKilled');
    expect(row.exitCode).toBe(137);
  });

  it('a DELETED event records the executor as deleted and keeps its history', () => {
    const { core, feed, settle, now, tick } = makeStore();
    core.updatePod(runningExecutor(1), 'ADDED', now());
    settle();
    const at = tick(5);
    core.updatePod(withRv(runningExecutor(1), '99999'), 'DELETED', at);
    const [appDiff] = settle().filter((d) => d.scope === APP_SCOPE);
    expect(appDiff.changed?.[0]).toMatchObject({ state: 'deleted', gone: true, append: [[STATE_CODE.deleted, at]] });
    expect(feed.summaries()[0].counts.deleted).toBe(1);
  });

  it('a pod being deleted while it runs stays running and is marked as being deleted', () => {
    const { core, state, settle, now } = makeStore();
    core.updatePod(deletedWhileRunning(4), 'MODIFIED', now());
    settle();
    const row = rowByName(state(APP_SCOPE), deletedWhileRunning(4).metadata!.name!);
    expect(row.state).toBe('running');
    expect(row.deleting).toBe(true);
  });

  it('a full list records missing pods as deleted at the time of the list', () => {
    const { core, state, settle, now, tick } = makeStore();
    core.replaceSnapshot([withRv(runningExecutor(1), '100'), withRv(runningExecutor(2), '101')], listing(now(), '101'));
    settle();
    const listedAt = tick(30_000);
    core.replaceSnapshot([withRv(runningExecutor(1), '100')], listing(listedAt, '150', { mark: core.versionMark() }));
    settle();
    const gone = rowByName(state(APP_SCOPE), runningExecutor(2).metadata!.name!);
    expect(gone).toMatchObject({ state: 'deleted', gone: true, deletedAt: listedAt });
    expect(gone.tr[gone.tr.length - 1]).toEqual([STATE_CODE.deleted, listedAt]);
    expect(core.metrics.markedGoneByListing).toBe(1);
  });

  it('a full listing is handed to every subscriber at once, and readiness waits until those that gate it have it', () => {
    const { core, feed, state, scheduler, now } = makeStore();
    core.replaceSnapshot([sparkDriverPod({ phase: 'Running' }), runningExecutor(1)], listing(now(), '10'));
    expect(core.listingsPublished()).toBe(false);
    scheduler.advance(0);
    expect(core.listingsPublished()).toBe(true);
    expect(feed.summaries()[0].counts.running).toBe(1);
    expect(rowByName(state(APP_SCOPE), runningExecutor(1).metadata!.name!).state).toBe('running');
  });

  it('a list taken before a pod was written does not delete that pod', () => {
    const { core, state, settle, now } = makeStore();
    const mark = core.versionMark();
    // Written while the list was in flight: a cached list at revision 250 cannot know it.
    core.updatePod(withRv(pendingExecutor(7), '300'), 'ADDED', now());
    expect(core.replaceSnapshot([], listing(now(), '250', { consistent: false, mark }))).toBe('applied');
    settle();
    expect(rowByName(state(APP_SCOPE), pendingExecutor(7).metadata!.name!).state).toBe('pending');
  });

  it('a list of one namespace does not delete pods of another', () => {
    const { core, feed, settle, now } = makeStore();
    core.updatePod(runningExecutor(1, { namespace: 'team-b' }), 'ADDED', now());
    core.replaceSnapshot([], listing(now(), '999999', { namespace: FIXTURE_NAMESPACE }));
    settle();
    expect(feed.summaries()[0].counts.running).toBe(1);
  });

  it('keeps unregistered executors (EXECID) visible instead of dropping them', () => {
    const { core, feed, state, settle, now } = makeStore();
    core.updatePod(unregisteredExecutor(), 'ADDED', now());
    settle();
    expect(feed.summaries()[0]).toMatchObject({ executors: 1, unregistered: 1 });
    expect(rowsOf(state(APP_SCOPE))[0]!.executorId).toBeNull();
  });

  it('reports where Spark itself would throw as unknown, with the reason', () => {
    const { core, state, settle, now } = makeStore();
    const pod = runningExecutor(5);
    delete pod.status;
    core.updatePod(pod, 'ADDED', now());
    settle();
    const row = rowsOf(state(APP_SCOPE))[0]!;
    expect(row.state).toBe('unknown');
    expect(row.anomaly).toMatch(/status/i);
  });

  it('ignores an object without metadata and keeps everything it knew', () => {
    const { core, state, settle, logs, now } = makeStore();
    core.updatePod(runningExecutor(1), 'ADDED', now());
    core.updatePod({} as KubePod, 'MODIFIED', now());
    core.updatePod(null as unknown as KubePod, 'MODIFIED', now());
    settle();
    expect(core.metrics.malformedPods).toBe(2);
    expect(rowsOf(state(APP_SCOPE))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('without metadata'))).toHaveLength(1);
  });

  it('forgets departed executors after the retention and frees their slots', () => {
    const { core, feed, settle, now, tick } = makeStore({ retentionMs: 10_000 });
    core.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', now());
    core.updatePod(succeededExecutor(1), 'ADDED', now());
    settle();
    core.updatePod(withRv(succeededExecutor(1), '90000'), 'DELETED', tick(1000));
    settle();
    const app = settle(11_000).find((d) => d.scope === APP_SCOPE && d.removed);
    expect(app?.removed ?? (() => { throw new Error('no diff removed the forgotten executor'); })()).toHaveLength(1);
    expect(feed.summaries()[0].executors).toBe(0);
    expect(core.size().pods).toBe(1);
  });

  it('keeps a departed pod past the retention while a subscriber holds it (history not yet written), never past the bound', () => {
    const { core, settle, now, tick } = makeStore({ retentionMs: 10_000, maxDepartedPerApp: 2 });
    const held = new Set<string>();
    core.addSubscriber({ name: 'holder', intervalMs: BATCH_MS, onBatch: () => {}, holds: (uid) => held.has(uid) });
    for (const id of [1, 2, 3]) core.updatePod(succeededExecutor(id), 'ADDED', now());
    settle();
    const uid = (id: number) => succeededExecutor(id).metadata!.uid!;
    held.add(uid(1));
    core.updatePod(withRv(succeededExecutor(1), '90001'), 'DELETED', tick(1000));
    settle(20_000);
    expect(core.record(uid(1))).toBeDefined();
    held.delete(uid(1));
    settle();
    expect(core.record(uid(1))).toBeUndefined();
    // Held or not, an application keeps at most maxDepartedPerApp departed pods.
    held.add(uid(2)).add(uid(3));
    core.updatePod(withRv(succeededExecutor(2), '90002'), 'DELETED', tick(1000));
    core.updatePod(withRv(succeededExecutor(3), '90003'), 'DELETED', tick(1000));
    core.updatePod(withRv(succeededExecutor(4), '90004'), 'ADDED', now());
    core.updatePod(withRv(succeededExecutor(4), '90005'), 'DELETED', tick(1000));
    settle(20_000);
    expect([2, 3, 4].map((id) => core.record(uid(id)) !== undefined)).toEqual([false, true, true]);
  });

  it('knows which applications mount a claim until their pods are forgotten, and says when an application gains or loses pods', () => {
    const { core, claims, settle, now, tick } = makeStore({ retentionMs: 10_000 });
    const changed: string[] = [];
    claims.onAppPodsChanged((ns, app) => changed.push(`${ns}/${app}`));
    const withClaim = (pod: KubePod, claimName: string): KubePod => ({
      ...pod, spec: { ...pod.spec, volumes: [...(pod.spec?.volumes ?? []), { name: 'data', persistentVolumeClaim: { claimName } }] },
    });
    core.updatePod(withClaim(succeededExecutor(1), 'shared'), 'ADDED', now());
    core.updatePod(withClaim(runningExecutor(2), 'shared'), 'ADDED', now());
    core.updatePod(runningExecutor(3, { namespace: 'team-b' }), 'ADDED', now());
    settle();
    const key = `${FIXTURE_NAMESPACE}/${FIXTURE_APP_ID}`;
    expect(changed.sort()).toEqual([key, `team-b/${FIXTURE_APP_ID}`].sort());
    expect(claims.appsUsingClaim(FIXTURE_NAMESPACE, 'shared')).toEqual([key]);
    expect(claims.appsUsingClaim('team-b', 'shared')).toEqual([]);
    expect(claims.appsUsingClaim(FIXTURE_NAMESPACE, 'other')).toEqual([]);
    core.updatePod(withRv(withClaim(succeededExecutor(1), 'shared'), '90000'), 'DELETED', tick(1000));
    tick(11_000);
    settle();
    // One of the two pods is forgotten; the other still mounts it.
    expect(claims.appsUsingClaim(FIXTURE_NAMESPACE, 'shared')).toEqual([key]);
    core.updatePod(withRv(withClaim(runningExecutor(2), 'shared'), '90001'), 'DELETED', tick(1000));
    tick(11_000);
    settle();
    expect(claims.appsUsingClaim(FIXTURE_NAMESPACE, 'shared')).toEqual([]);
  });

  it('removes an application from the overview when its last pod is forgotten', () => {
    const { core, feed, settle, now } = makeStore({ retentionMs: 10_000 });
    core.updatePod(deletedExecutor(1), 'DELETED', now());
    settle();
    expect(feed.summaries()).toHaveLength(1);
    const diffs = settle(20_000);
    expect(diffs.find((d) => d.scope === OVERVIEW_SCOPE_KEY)?.removedApps).toEqual([APP_KEY]);
    expect(feed.summaries()).toHaveLength(0);
  });

  it('records each change of the driver in the driver log, even several within one batch', () => {
    const { core, driverLog, settle, now } = makeStore();
    core.updatePod(sparkDriverPod({ phase: 'Pending' }), 'ADDED', now());
    core.updatePod(sparkDriverPod({ phase: 'Running' }), 'MODIFIED', now() + 1);
    core.updatePod(sparkDriverPod({ phase: 'Running' }), 'MODIFIED', now() + 2);
    core.updatePod(sparkDriverPod({ phase: 'Succeeded', exitCode: 0 }), 'MODIFIED', now() + 3);
    settle();
    const log = driverLog.entries(FIXTURE_NAMESPACE, FIXTURE_APP_ID);
    expect(log.map((e) => e.phase)).toEqual(['Pending', 'Running', 'Succeeded']);
    expect(log[1].change).toContain('phase Pending → Running');
    expect(log[2].formatted).toContain('\n\t pod name: ');
  });

  it('subscribers that applied every diff hold exactly the published state', () => {
    const { core, received, state, settle, now, tick } = makeStore();
    core.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', now());
    settle();
    const client = new Map<string, ScopeState>([[APP_SCOPE, state(APP_SCOPE)], [OVERVIEW_SCOPE_KEY, state(OVERVIEW_SCOPE_KEY)]]);
    received.splice(0);
    for (let id = 1; id <= 30; id++) {
      core.updatePod(pendingExecutor(id), 'ADDED', tick(10));
      if (id % 3 === 0) settle();
    }
    for (let id = 1; id <= 30; id += 2) core.updatePod(runningExecutor(id), 'MODIFIED', tick(10));
    settle();
    for (let id = 1; id <= 30; id += 4) core.updatePod(failedExecutor(id, { exitCode: 1 }), 'MODIFIED', tick(10));
    core.updatePod(withRv(runningExecutor(3), '99999'), 'DELETED', tick(10));
    settle();
    for (const d of received.splice(0)) client.set(d.scope, applyDiff(client.get(d.scope)!, d));
    expect(client.get(APP_SCOPE)).toEqual(state(APP_SCOPE));
    expect(client.get(OVERVIEW_SCOPE_KEY)).toEqual(state(OVERVIEW_SCOPE_KEY));
  });

  it('publishes the overview at most every overview interval, with every change since', () => {
    const { core, settle, now } = makeStore({ overviewIntervalMs: 250 });
    core.updatePod(pendingExecutor(1), 'ADDED', now());
    expect(settle().map((d) => d.scope)).toEqual([APP_SCOPE]);
    core.updatePod(runningExecutor(1), 'MODIFIED', now());
    expect(settle().map((d) => d.scope)).toEqual([APP_SCOPE]);
    core.updatePod(pendingExecutor(2), 'ADDED', now());
    expect(settle().map((d) => d.scope)).toEqual([APP_SCOPE]);
    settle();
    const overview = settle(BATCH_MS).filter((d) => d.scope === OVERVIEW_SCOPE_KEY);
    expect(overview).toHaveLength(1);
    expect(overview[0].apps?.[0].counts).toMatchObject({ running: 1, pending: 1 });
  });
});

describe('StoreCore: the subscriber model', () => {
  function coreAlone() {
    const scheduler = new ManualScheduler(FIXTURE_BASE_MS + 3_600_000);
    const logs: string[] = [];
    const core = new StoreCore({
      projection: { checkAllContainers: true, executorContainerName: 'spark-kubernetes-executor', driverContainerName: 'spark-kubernetes-driver' },
      batchIntervalMs: BATCH_MS, retentionMs: 60_000, maxDepartedPerApp: 1000, maxTransitions: 16, scheduler,
    }, createLogger({ write: (l) => logs.push(l) }));
    return { core, scheduler, logs, now: () => scheduler.now() };
  }

  it('a change batch carries exactly what changed: before, after and the new transitions; nothing for an update that changes nothing', () => {
    const { core, scheduler, now } = coreAlone();
    const r = recorder('r', BATCH_MS);
    core.addSubscriber(r.sub);
    core.start();
    core.updatePod(withRv(pendingExecutor(1), '10'), 'ADDED', now());
    core.updatePod(withRv(pendingExecutor(2), '11'), 'ADDED', now());
    scheduler.advance(BATCH_MS);
    expect(r.changes().map((c) => [c.uid, c.before, c.after?.row.state])).toEqual([
      [pendingExecutor(1).metadata!.uid, null, 'pending'], [pendingExecutor(2).metadata!.uid, null, 'pending'],
    ]);
    const first = r.changes()[0];
    r.batches.length = 0;
    // Executor 1 runs; executor 2 is written again with nothing new.
    const at = now();
    core.updatePod(withRv(runningExecutor(1), '12'), 'MODIFIED', at);
    core.updatePod(withRv(pendingExecutor(2), '13'), 'MODIFIED', at);
    scheduler.advance(BATCH_MS);
    const [change] = r.changes();
    expect(r.changes()).toHaveLength(1);
    expect(change.before).toBe(first.after);
    expect(change.after?.row.state).toBe('running');
    expect(change.transitions.map(([s]) => stateOfCode(s))).toEqual(['running']);
    r.batches.length = 0;
    scheduler.advance(BATCH_MS);
    expect(r.changes()).toEqual([]);
  });

  it('subscribers with different intervals each see every change once', () => {
    const { core, scheduler, now } = coreAlone();
    const fast = recorder('fast', BATCH_MS), slow = recorder('slow', 1000);
    core.addSubscriber(fast.sub);
    core.addSubscriber(slow.sub);
    core.start();
    for (let i = 1; i <= 40; i++) {
      core.updatePod(withRv(pendingExecutor(i), String(100 + i)), 'ADDED', now());
      scheduler.advance(25);
    }
    scheduler.advance(1000);
    const seen = (rec: typeof fast) => rec.changes().map((c) => c.uid).sort();
    const all = Array.from({ length: 40 }, (_, i) => pendingExecutor(i + 1).metadata!.uid!).sort();
    expect(seen(fast)).toEqual(all);
    expect(seen(slow)).toEqual(all);
    expect(slow.batches.filter((b) => b.changes.length).length).toBeLessThan(fast.batches.filter((b) => b.changes.length).length);
  });

  it('a subscriber that throws is logged, keeps its subscription, and delays no one', () => {
    const { core, scheduler, logs, now } = coreAlone();
    let calls = 0;
    const failing = recorder('failing', BATCH_MS, (b) => { if (b.changes.length) { calls++; throw new Error('boom'); } });
    const healthy = recorder('healthy', BATCH_MS);
    const failingRunner = core.addSubscriber(failing.sub);
    core.addSubscriber(healthy.sub);
    core.start();
    core.updatePod(pendingExecutor(1), 'ADDED', now());
    scheduler.advance(BATCH_MS);
    core.updatePod(pendingExecutor(2), 'ADDED', now());
    scheduler.advance(BATCH_MS);
    expect(calls).toBe(2);
    expect(healthy.changes()).toHaveLength(2);
    expect(failingRunner.metrics.failures).toBe(2);
    expect(logs.filter((l) => l.includes('store subscriber failing failed'))).toHaveLength(1);
  });

  it('a subscriber that blocks does not delay the others; its batches are merged and delivered when it is free again', async () => {
    const { core, scheduler, now } = coreAlone();
    let release: () => void = () => {};
    let blocked = true;
    const stuck = recorder('stuck', BATCH_MS, (b) => (blocked && b.changes.length ? new Promise<void>((r) => { release = r; }) : undefined));
    const healthy = recorder('healthy', BATCH_MS);
    const stuckRunner = core.addSubscriber(stuck.sub);
    core.addSubscriber(healthy.sub);
    core.start();
    core.updatePod(withRv(pendingExecutor(1), '1'), 'ADDED', now());
    scheduler.advance(BATCH_MS);
    expect(stuckRunner.busy).toBe(true);
    for (let i = 0; i < 100; i++) {
      core.updatePod(withRv(i % 2 ? runningExecutor(2) : pendingExecutor(2), String(10 + i)), 'MODIFIED', now());
      scheduler.advance(BATCH_MS);
    }
    expect(healthy.batches.filter((b) => b.changes.length).length).toBeGreaterThan(50);
    expect(stuckRunner.metrics.queuedBatches).toBeLessThanOrEqual(33);
    blocked = false;
    release();
    await Promise.resolve();
    scheduler.advance(BATCH_MS);
    const afterRelease = stuck.batches.slice(1).flatMap((b) => b.changes);
    // Executor 2's hundred updates arrive as one change: first seen, last state, every transition.
    expect(afterRelease.filter((c) => c.uid === pendingExecutor(2).metadata!.uid)).toHaveLength(1);
    const merged = afterRelease.find((c) => c.uid === pendingExecutor(2).metadata!.uid)!;
    expect(merged.before).toBeNull();
    expect(merged.after?.row.state).toBe('running');
  });

  it('a subscriber added later is first handed the present', () => {
    const { core, scheduler, now } = coreAlone();
    core.start();
    core.updatePod(pendingExecutor(1), 'ADDED', now());
    core.updatePod(runningExecutor(2), 'ADDED', now());
    scheduler.advance(BATCH_MS);
    const late = recorder('late', BATCH_MS);
    core.addSubscriber(late.sub);
    scheduler.advance(BATCH_MS);
    expect(late.changes().map((c) => [c.before, c.after?.row.state]).sort()).toEqual([[null, 'pending'], [null, 'running']]);
  });
});

describe('StoreCore: stale answers and a cluster whose state went back in time', () => {
  const nameOf = (pod: KubePod) => pod.metadata!.name!;

  function seeded() {
    const ctx = makeStore({ watchedNamespaces: ['*'] });
    ctx.core.replaceSnapshot([withRv(runningExecutor(1), '5000'), withRv(runningExecutor(2), '5001')], listing(ctx.now(), '5002'));
    ctx.settle();
    return ctx;
  }
  const liveNames = (state: ScopeState) => rowsOf(state).filter((r) => !r!.gone).map((r) => r!.name).sort();

  it('drops a cached list older than what was applied, changing nothing', () => {
    const { core, state, settle, now } = seeded();
    const outcome = core.replaceSnapshot([withRv(runningExecutor(1), '4000')], listing(now(), '4001', { consistent: false, mark: core.versionMark() }));
    expect(outcome).toBe('stale');
    settle();
    expect(liveNames(state(APP_SCOPE))).toEqual([nameOf(runningExecutor(1)), nameOf(runningExecutor(2))].sort());
    expect(core.metrics.staleListings).toBe(1);
    expect(core.reset()).toBeNull();
  });

  it('a consistent list older than what was applied is a reset: it becomes the truth, and every source is asked to list again', () => {
    const { core, state, settle, tick } = seeded();
    const resets: unknown[] = [];
    core.onReset((r) => resets.push(r));
    const at = tick(1000);
    // The recreated cluster: executor 1 again under the same name (a new uid), executor 3 new, executor 2 gone.
    const again = { ...withRv(runningExecutor(1), '12'), metadata: { ...runningExecutor(1).metadata, uid: 'uid-after-reset-1', resourceVersion: '12' } };
    const outcome = core.replaceSnapshot([again, withRv(pendingExecutor(3), '13')], listing(at, '14', { mark: core.versionMark() }));
    expect(outcome).toBe('reset');
    expect(resets).toHaveLength(1);
    expect(core.reset()).toMatchObject({ before: '5002', after: '14', detectedAt: at, rebuiltAt: at });
    settle();
    const rows = rowsOf(state(APP_SCOPE));
    expect(rows.filter((r) => !r!.gone).map((r) => r!.uid).sort()).toEqual(['uid-after-reset-1', pendingExecutor(3).metadata!.uid!].sort());
    // The executors of the old history are recorded as deleted when the reset was seen, not lost.
    expect(rows.filter((r) => r!.gone).map((r) => [r!.uid, r!.state, r!.deletedAt]).sort()).toEqual(
      [runningExecutor(1), runningExecutor(2)].map((p) => [p.metadata!.uid, 'deleted', at]).sort());
    // Updates of the new history, with small resourceVersions, are applied again.
    core.updatePod(withRv(runningExecutor(3), '15'), 'MODIFIED', tick(10));
    settle();
    expect(rowByName(state(APP_SCOPE), nameOf(runningExecutor(3))).state).toBe('running');
    expect(core.metrics.resets).toBe(1);
  });

  it('a probe answer older than what was applied starts a reset that is rebuilt once every watched namespace listed again', () => {
    const { core, now, tick } = makeStore({ watchedNamespaces: ['spark-a', 'spark-b'] });
    core.updatePod(withRv(runningExecutor(1, { namespace: 'spark-a' }), '900'), 'ADDED', now());
    const mark = core.versionMark();
    core.observeClusterVersion('40', mark, 'probe');
    expect(core.reset()).toMatchObject({ before: '900', after: '40', detectedBy: 'probe', rebuiltAt: null });
    // A list asked for before the reset may come from the old history: superseded.
    expect(core.replaceSnapshot([], listing(now(), '950', { namespace: 'spark-a', mark }))).toBe('superseded');
    expect(core.replaceSnapshot([], listing(tick(100), '41', { namespace: 'spark-a', mark: core.versionMark() }))).toBe('applied');
    expect(core.reset()!.rebuiltAt).toBeNull();
    const done = tick(100);
    core.replaceSnapshot([], listing(done, '42', { namespace: 'spark-b', mark: core.versionMark() }));
    expect(core.reset()!.rebuiltAt).toBe(done);
    expect(core.appRecords('spark-a', FIXTURE_APP_ID).every((r) => r.version.row.gone)).toBe(true);
  });

  it('an answer newer than the mark taken before asking is never a reset, whatever arrived meanwhile', () => {
    const { core, now } = seeded();
    const mark = core.versionMark();
    core.updatePod(withRv(runningExecutor(4), '7000'), 'ADDED', now());
    core.observeClusterVersion('6000', mark, 'probe');
    expect(core.replaceSnapshot([withRv(runningExecutor(1), '5000'), withRv(runningExecutor(2), '5001')], listing(now(), '6000', { mark }))).toBe('applied');
    expect(core.reset()).toBeNull();
    expect(core.record(runningExecutor(4).metadata!.uid!)?.version.row.gone).toBe(false);
  });

  it('non-numeric resourceVersions cannot be ordered and never look like a reset', () => {
    const { core, now } = makeStore();
    core.updatePod(withRv(runningExecutor(1), 'b7'), 'ADDED', now());
    core.observeClusterVersion('a1', core.versionMark(), 'probe');
    expect(core.replaceSnapshot([], listing(now(), 'a2', { mark: core.versionMark() }))).toBe('applied');
    expect(core.reset()).toBeNull();
  });
});

describe('StoreCore: a full list applied as it is read (listing sessions)', () => {
  const nameOf = (pod: KubePod) => pod.metadata!.name!;
  const live = (state: ScopeState) => rowsOf(state).filter((r) => !r!.gone).map((r) => r!.name).sort();

  it('each pod counts as it is read; what the list lacked is gone only when it is finished', () => {
    const { core, state, settle, now } = makeStore();
    core.replaceSnapshot([withRv(runningExecutor(1), '10'), withRv(runningExecutor(2), '11')], listing(now(), '11'));
    settle();
    const session = core.beginListing(listing(now(), '20', { mark: core.versionMark() }));
    if (typeof session === 'string') throw new Error(session);
    session.add(withRv(runningExecutor(3), '19'));
    // A batch may be handed over while the list is read: the pods read so far are in it.
    settle();
    expect(live(state(APP_SCOPE))).toEqual([1, 2, 3].map((i) => nameOf(runningExecutor(i))).sort());
    session.add(withRv(runningExecutor(1), '10'));
    expect(session.finish()).toBe('applied');
    settle();
    expect(live(state(APP_SCOPE))).toEqual([1, 3].map((i) => nameOf(runningExecutor(i))).sort());
    expect(rowByName(state(APP_SCOPE), nameOf(runningExecutor(2))).state).toBe('deleted');
    expect(() => session.finish()).toThrow(/twice/);
  });

  it('a list abandoned half-way (the connection dropped) marks nothing gone', () => {
    const { core, state, settle, now } = makeStore();
    core.replaceSnapshot([withRv(runningExecutor(1), '10'), withRv(runningExecutor(2), '11')], listing(now(), '11'));
    const session = core.beginListing(listing(now(), '20', { mark: core.versionMark() }));
    if (typeof session === 'string') throw new Error(session);
    session.add(withRv(runningExecutor(1), '10'));
    // No finish: the next list will decide.
    settle();
    expect(live(state(APP_SCOPE))).toEqual([1, 2].map((i) => nameOf(runningExecutor(i))).sort());
    expect(core.metrics.markedGoneByListing).toBe(0);
  });

  it('a reset noticed while a list is read supersedes it: its absences prove nothing', () => {
    const { core, state, settle, now } = makeStore({ watchedNamespaces: ['*'] });
    core.replaceSnapshot([withRv(runningExecutor(1), '500'), withRv(runningExecutor(2), '501')], listing(now(), '501'));
    const session = core.beginListing(listing(now(), '600', { mark: core.versionMark() }));
    if (typeof session === 'string') throw new Error(session);
    core.observeClusterVersion('7', core.versionMark(), 'probe');
    expect(session.finish()).toBe('superseded');
    settle();
    expect(live(state(APP_SCOPE))).toEqual([1, 2].map((i) => nameOf(runningExecutor(i))).sort());
  });
});

describe('StoreCore: a poll that holds pods unchanged', () => {
  it('pods the list holds at the version the store has are listed without being read; others must be read', () => {
    const { core, now } = makeStore();
    core.replaceSnapshot([withRv(runningExecutor(1), '10'), withRv(runningExecutor(2), '11')], listing(now(), '11'));
    const session = core.beginListing(listing(now(), '20', { mark: core.versionMark() }));
    if (typeof session === 'string') throw new Error(session);
    const uid = (i: number) => runningExecutor(i).metadata!.uid!;
    expect(session.unchanged!(uid(1), '10')).toBe(true);
    expect(session.unchanged!(uid(2), '12')).toBe(false);
    expect(session.unchanged!('not-a-pod-we-know', '10')).toBe(false);
    session.add(withRv(runningExecutor(2), '12'));
    expect(session.finish()).toBe('applied');
    expect(core.record(uid(1))!.goneAt).toBeNull();
    expect(core.metrics.unchangedListed).toBe(1);
    expect(core.metrics.markedGoneByListing).toBe(0);
  });
});
