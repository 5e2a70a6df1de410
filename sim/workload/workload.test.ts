// The simulator as a whole against the in-memory fake: determinism, errors of every kind,
// pods changed by others, APIs without binding or merge patch on status, real-time mode.

import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { KubeApiError } from '../../server/kube/kubeTransport';
import { silentLogger } from '../../server/log';
import { createFakeKubeApi } from './fakeKubeApi';
import { createPrng } from './prng';
import { callsOn, firstApp, harness, isPodCreate, isStatusWrite, MINUTE, podPathOf, roleOf, statusOf, terminatedExit } from './testHarness';
import { createWorkloadSimulator } from './workload';

const signature = (h: ReturnType<typeof harness>) => h.fake.calls.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.query ?? {})} ${JSON.stringify(c.body ?? null)}`);

describe('createWorkloadSimulator', () => {
  it('makes the same requests, in the same order, for the same seed', async () => {
    const runs = await Promise.all([7, 7, 8].map(async (seed) => {
      const h = harness({ seed, warmupMs: 30_000 });
      await h.sim.start();
      await h.sim.advance(3 * MINUTE);
      return signature(h);
    }));
    expect(runs[0]!.length).toBeGreaterThan(1000);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });

  it('decides the same things whatever order the API answers in', async () => {
    const outcomes = async (delay?: () => number) => {
      const h = harness({ seed: 21, scale: 0.5, warmupMs: 10_000, fake: { delay } });
      await h.sim.start();
      await h.sim.advance(4 * MINUTE);
      const created = h.fake.calls.filter(isPodCreate).map((c) => (c.body as KubePod).metadata!.name!).sort();
      const ends = h.fake.calls.filter(isStatusWrite).flatMap((c) => (statusOf(c)?.containerStatuses ?? []).filter((s) => s.state?.terminated).map((s) => `${c.path.split('/')[5]}:${s.name}:${s.state!.terminated!.exitCode}:${s.state!.terminated!.reason}`));
      return { created, ends: [...new Set(ends)].sort() };
    };
    const jitter = createPrng(5);
    const [calm, shuffled] = [await outcomes(), await outcomes(() => Math.floor(jitter.next() * 3))];
    expect(calm.created.length).toBeGreaterThan(50);
    expect(shuffled).toEqual(calm);
  }, 20_000);

  it('starts one application per story at scale 1, in several namespaces, and keeps about that many alive', async () => {
    const h = harness({ warmupMs: 30_000 });
    await h.sim.start();
    const started = h.sim.stats();
    expect(started.apps.alive + started.apps.retained).toBe(14);
    expect(started.apps.alive).toBeGreaterThanOrEqual(13);
    expect(Object.keys(started.apps.byStory)).toHaveLength(14);
    const drivers = h.fake.calls.filter((c) => isPodCreate(c) && roleOf(c) === 'driver').map((c) => (c.body as KubePod).metadata?.namespace);
    expect(new Set(drivers)).toEqual(new Set(['spark-etl', 'spark-ml', 'spark-streaming', 'spark-adhoc']));
    await h.sim.advance(60 * MINUTE);
    const later = h.sim.stats();
    expect(later.apps.succeeded + later.apps.failed).toBeGreaterThan(20);
    expect(later.apps.alive).toBeGreaterThanOrEqual(9);
    expect(later.apps.alive + later.apps.retained).toBeLessThanOrEqual(28);
    expect(later.errors).toBe(0);
  }, 20_000);

  it('survives failing requests of every kind, counts them, and keeps going', async () => {
    const rng = createPrng(11);
    const fail = () => {
      const r = rng.next();
      if (r < 0.03) return new KubeApiError('etcdserver: request timed out', 500, 'InternalError');
      if (r < 0.05) return new KubeApiError('connection refused: the API server is not listening', null, 'NetworkError');
      if (r < 0.06) return new KubeApiError('the object has been modified', 409, 'Conflict');
      if (r < 0.065) return new KubeApiError('forbidden', 403, 'Forbidden');
      return undefined;
    };
    const h = harness({ scale: 0.5, warmupMs: 30_000, fake: { fail } });
    await h.sim.start();
    await h.sim.advance(20 * MINUTE);
    const stats = h.sim.stats();
    expect(stats.errors).toBeGreaterThan(100);
    expect(stats.requests.errorsByClass.unavailable).toBeGreaterThan(50);
    expect(stats.apps.succeeded + stats.apps.failed).toBeGreaterThan(3);
    const running = h.fake.list('/api/v1/namespaces/spark-etl/pods').filter((p) => (p.status as KubePod['status'])?.phase === 'Running');
    expect(running.length).toBeGreaterThan(10);
  });

  it('waits for an API that is not there yet, then sets up as usual', async () => {
    let refused = 2;
    const h = harness({ stories: ['over-privileged'], fake: { fail: () => (refused-- > 0 ? new KubeApiError('connection refused: the API server is not listening', null, 'NetworkError') : undefined) } });
    await h.sim.start();
    await h.sim.advance(MINUTE);
    expect(h.fake.get('/api/v1/namespaces/spark-etl')).toBeDefined();
    expect(firstApp(h.fake).executors.length).toBeGreaterThan(0);
    expect(h.sim.stats().requests.errorsByClass.unavailable).toBe(2);
  });

  it('notices pods deleted or ended by others, finishes their deletion and replaces them', async () => {
    const h = harness({ stories: ['inactive-executors'], seed: 9 });
    await h.sim.start();
    await h.sim.advance(MINUTE);
    const app = firstApp(h.fake);
    const [vanished, marked, ended] = app.executors.map(podPathOf);
    h.fake.remove(vanished!);
    const m = h.fake.get(marked!)!;
    m.metadata = { ...m.metadata, deletionTimestamp: '2025-11-24T12:01:00Z', deletionGracePeriodSeconds: 30 };
    const e = h.fake.get(ended!)!;
    e.status = { ...e.status, phase: 'Failed', containerStatuses: [{ name: 'spark-kubernetes-executor', state: { terminated: { exitCode: 137, reason: 'Error' } } }] };
    await h.sim.advance(MINUTE);
    expect(callsOn(h.fake, marked!).some((c) => isStatusWrite(c) && terminatedExit(c, 'spark-kubernetes-executor') === 143)).toBe(true);
    expect(callsOn(h.fake, marked!).some((c) => c.method === 'DELETE' && c.query?.gracePeriodSeconds === 0)).toBe(true);
    expect(h.fake.get(marked!)).toBeUndefined();
    // The pod someone failed is treated as Spark would: labelled inactive (deleteOnTermination=false).
    expect(h.fake.get(ended!)?.metadata?.labels?.['spark-exec-inactive']).toBe('true');
    expect(firstApp(h.fake).executors.length).toBeGreaterThanOrEqual(app.executors.length + 3);
    expect(h.sim.stats().pods.adopted).toBe(1);
  });

  it('falls back to spec.nodeName at creation when the API has no binding subresource', async () => {
    const h = harness({ stories: ['batch-etl'], fake: { binding: false } });
    await h.sim.start();
    await h.sim.advance(MINUTE);
    expect(h.sim.stats().mode.binding).toBe('nodeName');
    const app = firstApp(h.fake);
    expect(app.executors.every((e) => typeof e.spec?.nodeName === 'string')).toBe(true);
    expect(app.executors.every((e) => (h.fake.get(podPathOf(e))?.status as KubePod['status'])?.phase === 'Running')).toBe(true);
  });

  it('writes statuses with GET + PUT when the API refuses merge patches on pods/status', async () => {
    const h = harness({ stories: ['over-privileged'], fake: { fail: (c) => (c.method === 'PATCH' && c.path.endsWith('/status') && c.path.includes('/pods/') ? new KubeApiError('unsupported media type', 415) : undefined) } });
    await h.sim.start();
    await h.sim.advance(MINUTE);
    expect(h.sim.stats().mode.podStatus).toBe('put');
    const driver = firstApp(h.fake).driver;
    expect(callsOn(h.fake, podPathOf(driver)).some((c) => c.method === 'PUT' && c.path.endsWith('/status'))).toBe(true);
    expect((h.fake.get(podPathOf(driver))?.status as KubePod['status'])?.phase).toBe('Running');
  });

  it('forgets finished applications: memory stays bounded over simulated days', async () => {
    const h = harness({ stories: ['missing-service-account', 'over-privileged'], scale: 1 });
    await h.sim.start();
    for (let i = 0; i < 24; i++) await h.sim.advance(60 * MINUTE);
    const stats = h.sim.stats();
    expect(stats.apps.submitted).toBeGreaterThan(100);
    expect(stats.apps.alive + stats.apps.retained).toBeLessThanOrEqual(6);
    const pods = ['spark-etl', 'spark-ml', 'spark-streaming'].flatMap((ns) => h.fake.list(`/api/v1/namespaces/${ns}/pods`));
    expect(pods.length).toBeLessThan(120);
  });

  it('runs in real time at `churn` × wall speed and stops cleanly', async () => {
    const fake = createFakeKubeApi();
    const sim = createWorkloadSimulator(fake, { seed: 3, scale: 0.3, churn: 200, log: silentLogger, warmupMs: 5000, stories: ['over-privileged', 'streaming-dynamic'] });
    await sim.start();
    const atStart = sim.stats().simulatedMs;
    await new Promise((r) => setTimeout(r, 400));
    await sim.stop();
    const stats = sim.stats();
    expect(stats.simulatedMs - atStart).toBeGreaterThan(20_000);
    expect(stats.requests.inFlight).toBe(0);
    const calls = fake.calls.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.calls.length).toBe(calls);
    expect(fake.calls.some((c) => isStatusWrite(c) && statusOf(c)?.phase === 'Running')).toBe(true);
  });

  it('stays frozen after start with churn 0', async () => {
    const fake = createFakeKubeApi();
    const sim = createWorkloadSimulator(fake, { seed: 3, scale: 0.2, churn: 0, log: silentLogger, warmupMs: 20_000 });
    await sim.start();
    const calls = fake.calls.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.length).toBe(calls);
    expect(sim.stats().simulatedMs).toBe(20_000);
    await sim.stop();
  });
});
