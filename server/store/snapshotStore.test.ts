import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { STATE_CODE, stateOfCode } from '../../lib/snapshot/executorRow';
import type { ScopeDiff, ScopeState } from '../../lib/snapshot/scopeState';
import { applyDiff } from '../../lib/snapshot/scopeState';
import { appKey } from '../../lib/snapshot/appSummary';
import { appScopeKey, OVERVIEW_SCOPE_KEY } from '../../lib/snapshot/scope';
import {
  deletedExecutor, deletedWhileRunning, failedExecutor, FIXTURE_APP_ID, FIXTURE_BASE_MS, FIXTURE_NAMESPACE, pendingExecutor,
  runningExecutor, sparkDriverPod, succeededExecutor, unregisteredExecutor,
} from '../../lib/spark/testing/podFixtures';
import { createLogger } from '../log';
import type { FullListing } from '../kube/snapshotSink';
import { SnapshotStore } from './snapshotStore';

const APP_SCOPE = appScopeKey(FIXTURE_NAMESPACE, FIXTURE_APP_ID);

function makeStore(overrides: Partial<ConstructorParameters<typeof SnapshotStore>[0]> = {}) {
  let now = FIXTURE_BASE_MS + 3_600_000;
  const logs: string[] = [];
  const store = new SnapshotStore({
    projection: { checkAllContainers: true, executorContainerName: 'spark-kubernetes-executor', driverContainerName: 'spark-kubernetes-driver' },
    batchIntervalMs: 50, retentionMs: 60_000, maxDepartedPerApp: 1000, maxTransitions: 16, driverLogSize: 10,
    now: () => now, ...overrides,
  }, createLogger({ write: (l) => logs.push(l) }));
  const received: ScopeDiff[] = [];
  store.subscribe((diffs) => received.push(...diffs));
  return { store, received, logs, tick: (ms: number) => { now += ms; return now; }, now: () => now };
}

const rowsOf = (state: ScopeState | null) => (state?.rows ?? []).filter((r) => r !== null);
const rowByName = (state: ScopeState | null, name: string) => rowsOf(state).find((r) => r!.name === name)!;
const withRv = (pod: KubePod, rv: string): KubePod => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: rv } });
/** A consistent full listing asked for when nothing had been applied yet (override what a case needs). */
const listing = (listedAt: number, resourceVersion: string, more: Partial<FullListing> = {}): FullListing => ({
  namespace: '*', listedAt, resourceVersion, source: 'test', consistent: true, mark: { version: undefined, epoch: 0 }, ...more,
});

describe('SnapshotStore', () => {
  it('groups pods into applications and publishes one diff per scope per flush', () => {
    const { store, received, now } = makeStore();
    store.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', now());
    store.updatePod(runningExecutor(1), 'ADDED', now());
    store.updatePod(pendingExecutor(2), 'ADDED', now());
    expect(received).toHaveLength(0);
    const diffs = store.flush();
    expect(diffs.map((d) => d.scope).sort()).toEqual([APP_SCOPE, OVERVIEW_SCOPE_KEY].sort());
    const app = diffs.find((d) => d.scope === APP_SCOPE)!;
    expect(app.added).toHaveLength(3);
    const summary = store.appSummaries()[0];
    expect(summary.counts.running).toBe(1);
    expect(summary.counts.pending).toBe(1);
    expect(summary.executors).toBe(2);
    expect(summary.driver?.state).toBe('running');
    expect(store.flush()).toEqual([]);
  });

  it('never lets an older resourceVersion overwrite a newer one', () => {
    const { store, now } = makeStore();
    store.updatePod(withRv(failedExecutor(1, { exitCode: 1 }), '500'), 'MODIFIED', now());
    store.updatePod(withRv(runningExecutor(1), '400'), 'MODIFIED', now());
    store.flush();
    expect(rowByName(store.scopeState(APP_SCOPE), runningExecutor(1).metadata!.name!).state).toBe('failed');
    expect(store.metrics.staleUpdatesIgnored).toBe(1);
  });

  it('a pod first seen mid-life gets its earlier transitions from its own timestamps', () => {
    const { store, now } = makeStore();
    const pod = failedExecutor(3, { exitCode: 137, reason: 'OOMKilled' });
    store.updatePod(pod, 'ADDED', now());
    store.flush();
    const row = rowByName(store.scopeState(APP_SCOPE), pod.metadata!.name!);
    const created = Date.parse(pod.metadata!.creationTimestamp!);
    const finished = Date.parse(pod.status!.containerStatuses!.find((c) => c.name === 'spark-kubernetes-executor')!.state!.terminated!.finishedAt!);
    expect(row.tr.map(([s]) => stateOfCode(s))).toEqual(['pending', 'running', 'failed']);
    expect(row.tr[0][1]).toBe(created);
    expect(row.tr[2][1]).toBe(finished);
    expect(row.reason).toBe('OOMKilled');
    expect(row.exitCode).toBe(137);
  });

  it('a DELETED event records the executor as deleted and keeps its history', () => {
    const { store, now, tick } = makeStore();
    store.updatePod(runningExecutor(1), 'ADDED', now());
    store.flush();
    const at = tick(5000);
    store.updatePod(withRv(runningExecutor(1), '99999'), 'DELETED', at);
    const [appDiff] = store.flush().filter((d) => d.scope === APP_SCOPE);
    expect(appDiff.changed?.[0]).toMatchObject({ state: 'deleted', gone: true, append: [[STATE_CODE.deleted, at]] });
    expect(store.appSummaries()[0].counts.deleted).toBe(1);
  });

  it('a pod being deleted while it runs stays running and is marked as being deleted', () => {
    const { store, now } = makeStore();
    store.updatePod(deletedWhileRunning(4), 'MODIFIED', now());
    store.flush();
    const row = rowByName(store.scopeState(APP_SCOPE), deletedWhileRunning(4).metadata!.name!);
    expect(row.state).toBe('running');
    expect(row.deleting).toBe(true);
  });

  it('a full list records missing pods as deleted at the time of the list', () => {
    const { store, now, tick } = makeStore();
    store.replaceSnapshot([withRv(runningExecutor(1), '100'), withRv(runningExecutor(2), '101')], listing(now(), '101'));
    store.flush();
    const listedAt = tick(30_000);
    store.replaceSnapshot([withRv(runningExecutor(1), '100')], listing(listedAt, '150', { mark: store.versionMark() }));
    store.flush();
    const gone = rowByName(store.scopeState(APP_SCOPE), runningExecutor(2).metadata!.name!);
    expect(gone).toMatchObject({ state: 'deleted', gone: true, deletedAt: listedAt });
    expect(gone.tr[gone.tr.length - 1]).toEqual([STATE_CODE.deleted, listedAt]);
    expect(store.metrics.markedGoneByListing).toBe(1);
  });

  it('a full listing is published at once, without waiting for the next batch', () => {
    const { store, received, now } = makeStore();
    store.replaceSnapshot([sparkDriverPod({ phase: 'Running' }), runningExecutor(1)], listing(now(), '10'));
    expect(store.appSummaries()[0].counts.running).toBe(1);
    expect(rowByName(store.scopeState(APP_SCOPE), runningExecutor(1).metadata!.name!).state).toBe('running');
    expect(received.map((d) => d.scope).sort()).toEqual([APP_SCOPE, OVERVIEW_SCOPE_KEY].sort());
  });

  it('a list taken before a pod was written does not delete that pod', () => {
    const { store, now } = makeStore();
    const mark = store.versionMark();
    // Written while the list was in flight: a cached list at revision 250 cannot know it.
    store.updatePod(withRv(pendingExecutor(7), '300'), 'ADDED', now());
    expect(store.replaceSnapshot([], listing(now(), '250', { consistent: false, mark }))).toBe('applied');
    store.flush();
    expect(rowByName(store.scopeState(APP_SCOPE), pendingExecutor(7).metadata!.name!).state).toBe('pending');
  });

  it('a list of one namespace does not delete pods of another', () => {
    const { store, now } = makeStore();
    store.updatePod(runningExecutor(1, { namespace: 'team-b' }), 'ADDED', now());
    store.replaceSnapshot([], listing(now(), '999999', { namespace: FIXTURE_NAMESPACE }));
    store.flush();
    expect(store.appSummaries()[0].counts.running).toBe(1);
  });

  it('keeps unregistered executors (EXECID) visible instead of dropping them', () => {
    const { store, now } = makeStore();
    store.updatePod(unregisteredExecutor(), 'ADDED', now());
    store.flush();
    const s = store.appSummaries()[0];
    expect(s.executors).toBe(1);
    expect(s.unregistered).toBe(1);
    expect(rowsOf(store.scopeState(APP_SCOPE))[0]!.executorId).toBeNull();
  });

  it('reports where Spark itself would throw as unknown, with the reason', () => {
    const { store, now } = makeStore();
    const pod = runningExecutor(5);
    delete pod.status;
    store.updatePod(pod, 'ADDED', now());
    store.flush();
    const row = rowsOf(store.scopeState(APP_SCOPE))[0]!;
    expect(row.state).toBe('unknown');
    expect(row.anomaly).toMatch(/status/i);
  });

  it('ignores an object without metadata and keeps everything it knew', () => {
    const { store, now, logs } = makeStore();
    store.updatePod(runningExecutor(1), 'ADDED', now());
    store.updatePod({} as KubePod, 'MODIFIED', now());
    store.updatePod(null as unknown as KubePod, 'MODIFIED', now());
    store.flush();
    expect(store.metrics.malformedPods).toBe(2);
    expect(rowsOf(store.scopeState(APP_SCOPE))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('without metadata'))).toHaveLength(1);
  });

  it('forgets departed executors after the retention and frees their slots', () => {
    const { store, now, tick } = makeStore({ retentionMs: 10_000 });
    store.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', now());
    store.updatePod(succeededExecutor(1), 'ADDED', now());
    store.flush();
    store.updatePod(withRv(succeededExecutor(1), '90000'), 'DELETED', tick(1000));
    store.flush();
    tick(11_000);
    const diffs = store.flush();
    const app = diffs.find((d) => d.scope === APP_SCOPE)!;
    expect(app.removed).toHaveLength(1);
    expect(store.appSummaries()[0].executors).toBe(0);
    expect(store.size().pods).toBe(1);
  });

  it('knows which applications mount a claim until their pods are forgotten', () => {
    const { store, now, tick } = makeStore({ retentionMs: 10_000 });
    const withClaim = (pod: KubePod, claimName: string): KubePod => ({
      ...pod, spec: { ...pod.spec, volumes: [...(pod.spec?.volumes ?? []), { name: 'data', persistentVolumeClaim: { claimName } }] },
    });
    store.updatePod(withClaim(succeededExecutor(1), 'shared'), 'ADDED', now());
    store.updatePod(withClaim(runningExecutor(2), 'shared'), 'ADDED', now());
    store.updatePod(runningExecutor(3, { namespace: 'team-b' }), 'ADDED', now());
    const key = appKey(FIXTURE_NAMESPACE, FIXTURE_APP_ID);
    expect(store.appsUsingClaim(FIXTURE_NAMESPACE, 'shared')).toEqual([key]);
    expect(store.appsUsingClaim('team-b', 'shared')).toEqual([]);
    expect(store.appsUsingClaim(FIXTURE_NAMESPACE, 'other')).toEqual([]);
    store.updatePod(withRv(withClaim(succeededExecutor(1), 'shared'), '90000'), 'DELETED', tick(1000));
    tick(11_000);
    store.flush();
    // One of the two pods is forgotten; the other still mounts it.
    expect(store.appsUsingClaim(FIXTURE_NAMESPACE, 'shared')).toEqual([key]);
    store.updatePod(withRv(withClaim(runningExecutor(2), 'shared'), '90001'), 'DELETED', tick(1000));
    tick(11_000);
    store.flush();
    expect(store.appsUsingClaim(FIXTURE_NAMESPACE, 'shared')).toEqual([]);
  });

  it('removes an application from the overview when its last pod is forgotten', () => {
    const { store, now, tick } = makeStore({ retentionMs: 10_000 });
    store.updatePod(deletedExecutor(1), 'DELETED', now());
    store.flush();
    expect(store.appSummaries()).toHaveLength(1);
    tick(20_000);
    const diffs = store.flush();
    expect(diffs.find((d) => d.scope === OVERVIEW_SCOPE_KEY)?.removedApps).toEqual([`${FIXTURE_NAMESPACE}/${FIXTURE_APP_ID}`]);
    expect(store.appSummaries()).toHaveLength(0);
  });

  it('records each change of the driver in the driver log', () => {
    const { store, now, tick } = makeStore();
    store.updatePod(sparkDriverPod({ phase: 'Pending' }), 'ADDED', now());
    store.updatePod(sparkDriverPod({ phase: 'Running' }), 'MODIFIED', tick(1000));
    store.updatePod(sparkDriverPod({ phase: 'Running' }), 'MODIFIED', tick(1000));
    store.updatePod(sparkDriverPod({ phase: 'Succeeded', exitCode: 0 }), 'MODIFIED', tick(1000));
    const log = store.app(FIXTURE_NAMESPACE, FIXTURE_APP_ID)!.driverLog;
    expect(log.map((e) => e.phase)).toEqual(['Pending', 'Running', 'Succeeded']);
    expect(log[1].change).toContain('phase Pending → Running');
    expect(log[2].formatted).toContain('\n\t pod name: ');
  });

  it('subscribers that applied every diff hold exactly the published state', () => {
    const { store, received, now, tick } = makeStore();
    const apply = (into: Map<string, ScopeState>) => {
      for (const d of received.splice(0)) {
        const cur = into.get(d.scope);
        into.set(d.scope, cur ? applyDiff(cur, d) : applyDiff(store.scopeState(d.scope)!, d));
      }
    };
    store.updatePod(sparkDriverPod({ phase: 'Running' }), 'ADDED', now());
    store.flush();
    const client = new Map<string, ScopeState>([[APP_SCOPE, store.scopeState(APP_SCOPE)!], [OVERVIEW_SCOPE_KEY, store.scopeState(OVERVIEW_SCOPE_KEY)!]]);
    received.splice(0);
    for (let id = 1; id <= 30; id++) {
      store.updatePod(pendingExecutor(id), 'ADDED', tick(10));
      if (id % 3 === 0) store.flush();
    }
    for (let id = 1; id <= 30; id += 2) store.updatePod(runningExecutor(id), 'MODIFIED', tick(10));
    store.flush();
    for (let id = 1; id <= 30; id += 4) store.updatePod(failedExecutor(id, { exitCode: 1 }), 'MODIFIED', tick(10));
    store.updatePod(withRv(runningExecutor(3), '99999'), 'DELETED', tick(10));
    store.flush();
    apply(client);
    expect(client.get(APP_SCOPE)).toEqual(store.scopeState(APP_SCOPE));
    expect(client.get(OVERVIEW_SCOPE_KEY)).toEqual(store.scopeState(OVERVIEW_SCOPE_KEY));
  });

  it('publishes the overview at most every overviewIntervalMs, with every change since', () => {
    const { store, now, tick } = makeStore({ overviewIntervalMs: 250 });
    store.updatePod(pendingExecutor(1), 'ADDED', now());
    expect(store.flush().map((d) => d.scope).sort()).toEqual([APP_SCOPE, OVERVIEW_SCOPE_KEY].sort());
    store.updatePod(runningExecutor(1), 'MODIFIED', tick(50));
    expect(store.flush().map((d) => d.scope)).toEqual([APP_SCOPE]);
    store.updatePod(pendingExecutor(2), 'ADDED', tick(50));
    expect(store.flush().map((d) => d.scope)).toEqual([APP_SCOPE]);
    tick(200);
    const [overview] = store.flush();
    expect(overview.scope).toBe(OVERVIEW_SCOPE_KEY);
    expect(overview.apps?.[0].counts).toMatchObject({ running: 1, pending: 1 });
  });
});

describe('SnapshotStore: stale answers and a cluster whose state went back in time', () => {
  const nameOf = (pod: KubePod) => pod.metadata!.name!;
  const liveNames = (store: SnapshotStore) => rowsOf(store.scopeState(APP_SCOPE)).filter((r) => !r!.gone).map((r) => r!.name).sort();

  function seeded() {
    const ctx = makeStore({ watchedNamespaces: ['*'] });
    ctx.store.replaceSnapshot([withRv(runningExecutor(1), '5000'), withRv(runningExecutor(2), '5001')], listing(ctx.now(), '5002'));
    return ctx;
  }

  it('drops a cached list older than what was applied, changing nothing', () => {
    const { store, now } = seeded();
    const outcome = store.replaceSnapshot([withRv(runningExecutor(1), '4000')], listing(now(), '4001', { consistent: false, mark: store.versionMark() }));
    expect(outcome).toBe('stale');
    expect(liveNames(store)).toEqual([nameOf(runningExecutor(1)), nameOf(runningExecutor(2))].sort());
    expect(store.metrics.staleListings).toBe(1);
    expect(store.reset()).toBeNull();
  });

  it('a consistent list older than what was applied is a reset: it becomes the truth, and every source is asked to list again', () => {
    const { store, tick } = seeded();
    const resets: unknown[] = [];
    store.onReset((r) => resets.push(r));
    const at = tick(1000);
    // The recreated cluster: executor 1 again under the same name (a new uid), executor 3 new, executor 2 gone.
    const again = { ...withRv(runningExecutor(1), '12'), metadata: { ...runningExecutor(1).metadata, uid: 'uid-after-reset-1', resourceVersion: '12' } };
    const outcome = store.replaceSnapshot([again, withRv(pendingExecutor(3), '13')], listing(at, '14', { mark: store.versionMark() }));
    expect(outcome).toBe('reset');
    expect(resets).toHaveLength(1);
    expect(store.reset()).toMatchObject({ before: '5002', after: '14', detectedAt: at, rebuiltAt: at });
    const rows = rowsOf(store.scopeState(APP_SCOPE));
    expect(rows.filter((r) => !r!.gone).map((r) => r!.uid).sort()).toEqual(['uid-after-reset-1', pendingExecutor(3).metadata!.uid!].sort());
    // The executors of the old history are recorded as deleted when the reset was seen, not lost.
    expect(rows.filter((r) => r!.gone).map((r) => [r!.uid, r!.state, r!.deletedAt])).toEqual(
      [runningExecutor(1), runningExecutor(2)].map((p) => [p.metadata!.uid, 'deleted', at]).sort());
    // Updates of the new history, with small resourceVersions, are applied again.
    store.updatePod(withRv(runningExecutor(3), '15'), 'MODIFIED', tick(10));
    store.flush();
    expect(rowByName(store.scopeState(APP_SCOPE), nameOf(runningExecutor(3))).state).toBe('running');
    expect(store.metrics.resets).toBe(1);
  });

  it('a probe answer older than what was applied starts a reset that is rebuilt once every watched namespace listed again', () => {
    const ctx = makeStore({ watchedNamespaces: ['spark-a', 'spark-b'] });
    const { store, now, tick } = ctx;
    store.updatePod(withRv(runningExecutor(1, { namespace: 'spark-a' }), '900'), 'ADDED', now());
    const mark = store.versionMark();
    store.observeClusterVersion('40', mark, 'probe');
    expect(store.reset()).toMatchObject({ before: '900', after: '40', detectedBy: 'probe', rebuiltAt: null });
    // A list asked for before the reset may come from the old history: superseded.
    expect(store.replaceSnapshot([], listing(now(), '950', { namespace: 'spark-a', mark }))).toBe('superseded');
    expect(store.replaceSnapshot([], listing(tick(100), '41', { namespace: 'spark-a', mark: store.versionMark() }))).toBe('applied');
    expect(store.reset()!.rebuiltAt).toBeNull();
    const done = tick(100);
    store.replaceSnapshot([], listing(done, '42', { namespace: 'spark-b', mark: store.versionMark() }));
    expect(store.reset()!.rebuiltAt).toBe(done);
    expect(liveNames(store)).toEqual([]);
  });

  it('an answer newer than the mark taken before asking is never a reset, whatever arrived meanwhile', () => {
    const { store, now } = seeded();
    const mark = store.versionMark();
    store.updatePod(withRv(runningExecutor(4), '7000'), 'ADDED', now());
    store.observeClusterVersion('6000', mark, 'probe');
    expect(store.replaceSnapshot([withRv(runningExecutor(1), '5000'), withRv(runningExecutor(2), '5001')], listing(now(), '6000', { mark }))).toBe('applied');
    expect(store.reset()).toBeNull();
    expect(liveNames(store)).toContain(nameOf(runningExecutor(4)));
  });

  it('non-numeric resourceVersions cannot be ordered and never look like a reset', () => {
    const { store, now } = makeStore();
    store.updatePod(withRv(runningExecutor(1), 'b7'), 'ADDED', now());
    store.observeClusterVersion('a1', store.versionMark(), 'probe');
    expect(store.replaceSnapshot([], listing(now(), 'a2', { mark: store.versionMark() }))).toBe('applied');
    expect(store.reset()).toBeNull();
  });
});
