// The stories where executors end badly, driven against the in-memory fake API.

import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import type { FakeCall } from './fakeKubeApi';
import { callsOn, firstApp, harness, isStatusWrite, MINUTE, podPathOf, statusOf, terminatedExit } from './testHarness';

const EXEC = 'spark-kubernetes-executor';

/** Executors of the first app whose status writes include one matching `pred`, with their calls. */
function executorsWith(h: ReturnType<typeof harness>, pred: (c: FakeCall) => boolean) {
  const app = firstApp(h.fake);
  return app.executors.map((e) => ({ pod: e, calls: callsOn(h.fake, podPathOf(e)) })).filter((x) => x.calls.some((c) => isStatusWrite(c) && pred(c)));
}

const driverDeletes = (calls: FakeCall[], after: number) => {
  const get = calls.findIndex((c, i) => i > after && c.method === 'GET');
  const del = calls.findIndex((c, i) => i > get && c.method === 'DELETE' && c.query === undefined);
  return { get, del };
};

describe('non-zero-exits', () => {
  it('reports exit 1 and exit 52 as Error, replaces the executors and still succeeds', async () => {
    const h = harness({ stories: ['non-zero-exits'], seed: 2 });
    await h.sim.start();
    await h.sim.advance(22 * MINUTE);
    const app = firstApp(h.fake);
    const codes = new Set(executorsWith(h, (c) => statusOf(c)?.phase === 'Failed' && terminatedExit(c, EXEC) !== 143).map((x) => terminatedExit(x.calls.find((c) => isStatusWrite(c) && statusOf(c)?.phase === 'Failed')!, EXEC)));
    expect(codes).toEqual(new Set([1, 52]));
    // Replacements: executors created after the first failure.
    const firstFailure = Math.min(...executorsWith(h, (c) => statusOf(c)?.phase === 'Failed').map((x) => x.calls.find((c) => isStatusWrite(c) && statusOf(c)?.phase === 'Failed')!.at));
    expect(app.executorCreates.some((c) => c.at > firstFailure)).toBe(true);
    const end = callsOn(h.fake, app.driverPath).filter(isStatusWrite).pop()!;
    expect(statusOf(end)?.phase).toBe('Succeeded');
    // The NFS dataset volume and the native sidecar are on every executor.
    const spec = app.executors[0]!.spec!;
    expect(spec.volumes?.find((v) => v.name === 'datasets')?.nfs?.server).toContain('efs');
    expect(spec.initContainers?.[0]).toMatchObject({ name: 'otel-collector', restartPolicy: 'Always' });
  });
});

describe('evictions', () => {
  it('evicts executors (Failed, reason Evicted); the driver GETs then DELETEs them', async () => {
    const h = harness({ stories: ['evictions'] });
    await h.sim.start();
    await h.sim.advance(6 * MINUTE);
    const evicted = executorsWith(h, (c) => statusOf(c)?.reason === 'Evicted');
    expect(evicted.length).toBeGreaterThan(0);
    for (const { calls } of evicted) {
      const at = calls.findIndex((c) => isStatusWrite(c) && statusOf(c)?.reason === 'Evicted');
      expect(statusOf(calls[at]!)?.phase).toBe('Failed');
      const { get, del } = driverDeletes(calls, at);
      expect(get).toBeGreaterThan(at);
      expect(del).toBeGreaterThan(get);
    }
    const tmpfs = firstApp(h.fake).executors[0]!.spec!.volumes!.find((v) => v.name === 'spark-local-dir-1');
    expect(tmpfs?.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '16Gi' });
  });
});

describe('sidecar-failure', () => {
  it('fails the pod while the executor runs: the driver deletes it and the executor ends with 143', async () => {
    const h = harness({ stories: ['sidecar-failure'] });
    await h.sim.start();
    await h.sim.advance(5 * MINUTE);
    const crashed = executorsWith(h, (c) => terminatedExit(c, 'log-shipper') === 1);
    expect(crashed.length).toBeGreaterThan(0);
    const { calls } = crashed[0]!;
    const at = calls.findIndex((c) => isStatusWrite(c) && terminatedExit(c, 'log-shipper') === 1);
    const crash = statusOf(calls[at]!)!;
    expect(crash.phase).toBe('Running');
    expect(crash.containerStatuses?.find((s) => s.name === EXEC)?.state?.running).toBeDefined();
    const { get, del } = driverDeletes(calls, at);
    expect(del).toBeGreaterThan(get);
    expect(calls.some((c, i) => i > del && isStatusWrite(c) && terminatedExit(c, EXEC) === 143)).toBe(true);
  });
});

describe('container-name-trap', () => {
  it('names the container `executor`; Spark never notices an exit 0, but catches an exit 1', async () => {
    const h = harness({ stories: ['container-name-trap'], seed: 4 });
    await h.sim.start();
    await h.sim.advance(7 * MINUTE);
    const app = firstApp(h.fake);
    for (const e of app.executors) expect(e.spec?.containers?.map((c) => c.name)).toEqual(['log-shipper', 'executor']);
    const zombies = executorsWith(h, (c) => terminatedExit(c, 'executor') === 0 && statusOf(c)?.phase === 'Running');
    const failed = executorsWith(h, (c) => terminatedExit(c, 'executor') === 1);
    expect(zombies.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const z of zombies) {
      expect(z.calls.some((c) => c.method === 'GET' || c.method === 'DELETE')).toBe(false);
      expect((h.fake.get(podPathOf(z.pod))?.status as KubePod['status'])?.phase).toBe('Running');
    }
    const f = failed[0]!.calls;
    expect(driverDeletes(f, f.findIndex((c) => isStatusWrite(c) && terminatedExit(c, 'executor') === 1)).del).toBeGreaterThan(0);
  });
});

describe('inactive-executors', () => {
  it('labels failed executors spark-exec-inactive=true and leaves them in place', async () => {
    const h = harness({ stories: ['inactive-executors'], seed: 2 });
    await h.sim.start();
    await h.sim.advance(6 * MINUTE);
    const failed = executorsWith(h, (c) => terminatedExit(c, EXEC) === 1);
    expect(failed.length).toBeGreaterThan(0);
    for (const { pod, calls } of failed) {
      expect(calls.some((c) => c.method === 'PATCH' && !c.path.endsWith('/status') && (c.body as KubePod).metadata?.labels?.['spark-exec-inactive'] === 'true')).toBe(true);
      expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
      expect(h.fake.get(podPathOf(pod))?.metadata?.labels?.['spark-exec-inactive']).toBe('true');
    }
    const hostPath = firstApp(h.fake).executors[0]!.spec!.volumes!.find((v) => v.hostPath);
    expect(hostPath?.hostPath?.path).toBe('/mnt/nvme0/spark-scratch');
  });
});
