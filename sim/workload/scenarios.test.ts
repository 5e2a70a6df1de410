// Each story driven against the in-memory fake API: the calls it makes, in order.

import { describe, expect, it } from 'vitest';
import type { KubeEvent, KubePod } from '../../lib/kube/types';
import { KubeApiError } from '../../server/kube/kubeTransport';
import type { FakeCall } from './fakeKubeApi';
import { callsOn, createdPod, firstApp, harness, isPodCreate, isStatusWrite, MINUTE, podPathOf, roleOf, statusOf, terminatedExit } from './testHarness';

const idx = (calls: { method: string; path: string }[], pred: (c: { method: string; path: string; query?: unknown }) => boolean) => calls.findIndex(pred);

describe('batch-etl', () => {
  it('creates the driver, then executors in batches of at most 20 a second, owned by the driver', async () => {
    const { fake, sim } = harness({ stories: ['batch-etl'] });
    await sim.start();
    await sim.advance(2 * MINUTE);
    const app = firstApp(fake);
    const driverObj = fake.get(app.driverPath)!;
    const driverCalls = callsOn(fake, app.driverPath);
    const binding = idx(driverCalls, (c) => c.path.endsWith('/binding'));
    const running = driverCalls.findIndex((c) => isStatusWrite(c) && statusOf(c as never)?.phase === 'Running');
    expect(binding).toBeGreaterThanOrEqual(0);
    expect(running).toBeGreaterThan(binding);
    expect(fake.calls.indexOf(app.executorCreates[0]!)).toBeGreaterThan(fake.calls.indexOf(driverCalls[running]!));

    expect(app.executors.length).toBeGreaterThanOrEqual(200);
    expect(app.executors.length).toBeLessThanOrEqual(400);
    const batches = new Map<number, number>();
    for (const c of app.executorCreates) batches.set(c.at, (batches.get(c.at) ?? 0) + 1);
    const times = [...batches.keys()].sort((a, b) => a - b);
    expect(Math.max(...batches.values())).toBe(20);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    for (const e of app.executors) expect(e.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Pod', name: app.driver.metadata?.name, uid: driverObj.metadata?.uid, controller: true });
    expect(app.executors.map((e) => Number(e.metadata?.labels?.['spark-exec-id']))).toEqual(app.executors.map((_e, i) => i + 1));

    const one = callsOn(fake, podPathOf(app.executors[0]!));
    const order = ['binding', 'Pending', 'Running'].map((step) => one.findIndex((c) => (step === 'binding' ? c.path.endsWith('/binding') : isStatusWrite(c) && statusOf(c)?.phase === step)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('succeeds: deletes executors gracefully (143, then grace 0), the driver exits 0, a janitor removes it later', async () => {
    const { fake, sim } = harness({ stories: ['batch-etl'] });
    await sim.start();
    await sim.advance(17 * MINUTE);
    const app = firstApp(fake);
    const driverStatuses = callsOn(fake, app.driverPath).filter(isStatusWrite);
    const last = driverStatuses[driverStatuses.length - 1]!;
    expect(statusOf(last)?.phase).toBe('Succeeded');
    expect(terminatedExit(last, 'spark-kubernetes-driver')).toBe(0);
    const exec = callsOn(fake, podPathOf(app.executors[5]!));
    const del = exec.findIndex((c) => c.method === 'DELETE' && c.query === undefined);
    const killed = exec.findIndex((c) => isStatusWrite(c) && terminatedExit(c, 'spark-kubernetes-executor') === 143);
    const forced = exec.findIndex((c) => c.method === 'DELETE' && c.query?.gracePeriodSeconds === 0);
    expect(del).toBeGreaterThan(0);
    expect(killed).toBeGreaterThan(del);
    expect(forced).toBeGreaterThan(killed);
    expect(fake.get(podPathOf(app.executors[5]!))).toBeUndefined();
    expect(fake.get(app.driverPath)).toBeDefined();
    await sim.advance(7 * MINUTE);
    expect(fake.get(app.driverPath)).toBeUndefined();
  });
});

describe('oom-killed', () => {
  it('reports OOMKilled executors, GETs then DELETEs each, and fails the driver with exit 11', async () => {
    const { fake, sim } = harness({ stories: ['oom-killed'], seed: 3 });
    await sim.start();
    await sim.advance(30 * MINUTE);
    const app = firstApp(fake);
    const oomed = app.executors.filter((e) => callsOn(fake, podPathOf(e)).some((c) => isStatusWrite(c) && statusOf(c)?.containerStatuses?.some((s) => s.state?.terminated?.reason === 'OOMKilled' && s.state.terminated.exitCode === 137)));
    expect(oomed.length).toBeGreaterThan(6);
    const calls = callsOn(fake, podPathOf(oomed[0]!));
    const killed = calls.findIndex((c) => isStatusWrite(c) && statusOf(c)?.phase === 'Failed');
    const get = calls.findIndex((c, i) => i > killed && c.method === 'GET');
    const del = calls.findIndex((c, i) => i > get && c.method === 'DELETE');
    expect(killed).toBeGreaterThan(0);
    expect(get).toBeGreaterThan(killed);
    expect(del).toBeGreaterThan(get);
    const driverEnd = callsOn(fake, app.driverPath).filter(isStatusWrite).pop()!;
    expect(statusOf(driverEnd)?.phase).toBe('Failed');
    expect(terminatedExit(driverEnd, 'spark-kubernetes-driver')).toBe(11);
  });
});

describe('unschedulable', () => {
  it('leaves executors Pending with PodScheduled=False, Unschedulable, and never binds them', async () => {
    const { fake, sim } = harness({ stories: ['unschedulable'] });
    await sim.start();
    await sim.advance(2 * MINUTE);
    const app = firstApp(fake);
    const stuck = app.executors.filter((e) => !callsOn(fake, podPathOf(e)).some((c) => c.path.endsWith('/binding')));
    expect(stuck.length).toBeGreaterThan(20);
    for (const e of stuck) {
      const status = fake.get(podPathOf(e))?.status as KubePod['status'];
      expect(status?.phase).toBe('Pending');
      expect(status?.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/12 nodes are available: 12 Insufficient cpu.' }));
    }
    const events = fake.list(`/api/v1/namespaces/${app.driver.metadata?.namespace}/events`) as KubeEvent[];
    expect(events.some((e) => e.reason === 'FailedScheduling' && e.source?.component === 'default-scheduler')).toBe(true);
  });
});

describe('pending-claim', () => {
  it('creates each claim after its pod, binds most (volumeName, then status Bound) and leaves the rest Pending', async () => {
    const { fake, sim } = harness({ stories: ['pending-claim'], seed: 5 });
    await sim.start();
    await sim.advance(2 * MINUTE);
    const app = firstApp(fake);
    const ns = app.driver.metadata!.namespace!;
    const claimCreates = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/persistentvolumeclaims'));
    expect(claimCreates.length).toBe(app.executors.length);
    let bound = 0;
    let pending = 0;
    for (const e of app.executors) {
      const name = e.metadata!.name!;
      const claimName = `${name}-pvc-0`;
      const podCreate = fake.calls.findIndex((c) => c.method === 'POST' && createdPod(c).metadata?.name === name);
      const claimCreate = fake.calls.findIndex((c) => c.method === 'POST' && (c.body as KubePod).metadata?.name === claimName);
      expect(claimCreate).toBeGreaterThan(podCreate);
      const claimPath = `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claimName}`;
      const claim = fake.get(claimPath)!;
      expect(claim.metadata?.ownerReferences?.[0]?.name).toBe(app.driver.metadata?.name);
      const binding = fake.calls.findIndex((c) => c.path === `${podPathOf(e)}/binding`);
      if ((claim.status as { phase?: string } | undefined)?.phase === 'Bound') {
        bound++;
        expect(claim.spec?.volumeName).toBe(`pvc-${claim.metadata?.uid}`);
        const statusWrite = fake.calls.findIndex((c) => c.path === `${claimPath}/status`);
        expect(binding).toBeGreaterThan(statusWrite);
      } else {
        pending++;
        expect(binding).toBe(-1);
        const status = fake.get(podPathOf(e))?.status as KubePod['status'];
        expect(status?.conditions?.[0]?.message).toContain('pod has unbound immediate PersistentVolumeClaims');
      }
    }
    expect(bound).toBeGreaterThan(0);
    expect(pending).toBeGreaterThan(0);
    const events = fake.list(`/api/v1/namespaces/${ns}/events`) as KubeEvent[];
    expect(events.some((e) => e.reason === 'ProvisioningFailed' && e.involvedObject?.kind === 'PersistentVolumeClaim')).toBe(true);
    // The application leaves its claims behind when it is gone.
    await sim.advance(20 * MINUTE);
    expect(fake.get(app.driverPath)).toBeUndefined();
    expect(fake.list(`/api/v1/namespaces/${ns}/persistentvolumeclaims`).filter((c) => c.metadata?.labels?.['spark-app-selector'] === app.appId)).toHaveLength(app.executors.length);
  });
});

describe('streaming-dynamic', () => {
  it('scales down by graceful deletion: DELETE, then 143 while still listed, then DELETE with grace 0', async () => {
    const { fake, sim } = harness({ stories: ['streaming-dynamic'], seed: 1 });
    await sim.start();
    await sim.advance(12 * MINUTE);
    const app = firstApp(fake);
    const removed = app.executors.map((e) => callsOn(fake, podPathOf(e))).filter((calls) => calls.some((c) => c.method === 'DELETE' && c.query === undefined));
    expect(removed.length).toBeGreaterThan(3);
    const running = removed.find((calls) => calls.some((c) => isStatusWrite(c) && statusOf(c)?.phase === 'Running'))!;
    const del = running.findIndex((c) => c.method === 'DELETE' && c.query === undefined);
    const killed = running.findIndex((c, i) => i > del && isStatusWrite(c) && terminatedExit(c, 'spark-kubernetes-executor') === 143);
    const forced = running.findIndex((c, i) => i > killed && c.method === 'DELETE' && c.query?.gracePeriodSeconds === 0);
    expect(killed).toBeGreaterThan(del);
    expect(forced).toBeGreaterThan(killed);
    // The metrics agent keeps running until the pod is killed, then stops cleanly.
    expect(terminatedExit(running[killed]!, 'metrics-agent')).toBe(0);
  });

  it('patches the real id onto executors created with spark-exec-id=EXECID once they run', async () => {
    const { fake, sim } = harness({ stories: ['streaming-dynamic'], seed: 1 });
    await sim.start();
    await sim.advance(12 * MINUTE);
    const placeholders = firstApp(fake).executors.filter((e) => e.metadata?.labels?.['spark-exec-id'] === 'EXECID');
    expect(placeholders.length).toBeGreaterThan(0);
    for (const e of placeholders) {
      const calls = callsOn(fake, podPathOf(e));
      const running = calls.findIndex((c) => isStatusWrite(c) && statusOf(c)?.phase === 'Running');
      const patch = calls.findIndex((c) => c.method === 'PATCH' && !c.path.endsWith('/status') && (c.body as KubePod).metadata?.labels?.['spark-exec-id'] !== undefined);
      if (running < 0) continue;
      expect(patch).toBeGreaterThan(running);
      expect((calls[patch]!.body as KubePod).metadata?.labels?.['spark-exec-id']).toBe(e.metadata!.name!.split('-exec-')[1]);
    }
  });
});

describe('quota-starved', () => {
  it('creates the ad-hoc quota and limit range, and after a refusal asks for one executor per round until one is admitted', async () => {
    // The fake plays quota admission: five executors fit, then every executor create is refused.
    let admitted = 0;
    const quotaFull = new KubeApiError('pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=21, limited: requests.cpu=24', 403, 'Forbidden');
    const fail = (c: FakeCall) => {
      if (!isPodCreate(c) || roleOf(c) !== 'executor') return undefined;
      return admitted++ < 5 ? undefined : quotaFull;
    };
    const { fake, sim } = harness({ stories: ['quota-starved'], fake: { fail } });
    await sim.start();
    const quota = fake.get('/api/v1/namespaces/spark-adhoc/resourcequotas/compute');
    expect(quota?.spec).toEqual({ hard: { 'requests.cpu': '24', 'requests.memory': '128Gi', 'limits.memory': '160Gi', pods: '40' } });
    expect(fake.get('/api/v1/namespaces/spark-adhoc/limitranges/per-container')).toBeDefined();
    await sim.advance(MINUTE);
    const app = firstApp(fake);
    expect(app.driver.metadata?.namespace).toBe('spark-adhoc');
    expect(app.executors[0]!.spec?.containers?.at(-1)?.resources?.requests).toEqual({ cpu: '4', memory: '9011Mi' });
    // The first batch goes out whole; afterwards each allocation round (1 s) asks once.
    const creates = app.executorCreates.map((c) => c.at);
    const afterFirstBatch = creates.filter((t) => t > creates[0]! + 2000);
    const perSecond = new Map<number, number>();
    for (const t of afterFirstBatch) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(afterFirstBatch.length).toBeGreaterThan(20);
    expect(Math.max(...perSecond.values())).toBe(1);
    expect(sim.stats().apps.failed).toBe(0);
  });
});
