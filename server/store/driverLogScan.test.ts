import { describe, expect, it } from 'vitest';
import { emptyCounts, type AppSummary } from '../../lib/snapshot/appSummary';
import type { ExecutorPodState } from '../../lib/spark/podState';
import { KubeApiError, type KubeTransport } from '../kube/kubeTransport';
import { silentLogger } from '../log';
import { ManualScheduler } from '../scheduling/manualScheduler';
import { DriverLogScan, worthReading } from './driverLogScan';

const MIN = 60_000;
const REFUSAL = [
  '26/03/01 12:00:00 WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber.',
  'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/spark-adhoc/pods. Message: Forbidden!Configured service account doesn\'t have access. Service account may have been revoked. pods "adhoc-exec-9" is forbidden: exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=21, limited: requests.cpu=24.',
].join('\n');

function app(over: Partial<AppSummary> & { driverState?: ExecutorPodState; since?: number } = {}): AppSummary {
  const { driverState = 'running', since = 0, ...rest } = over;
  return {
    key: 'c/spark-adhoc/spark-1', cluster: 'c', namespace: 'spark-adhoc', appId: 'spark-1', appName: 'adhoc',
    driver: { uid: 'd-1', name: 'adhoc-driver', state: driverState, phase: 'Running', node: null, deleting: false, gone: false, since, reason: null, exitCode: null },
    counts: emptyCounts(), executors: 0, unregistered: 0, inactive: 0, anomalies: 0, createdAt: 0, lastChangeAt: 0, oldestPendingSince: null, present: 1, ...rest,
  };
}

function fakeTransport(answer: () => Promise<string>): KubeTransport & { calls: { path: string; query: unknown }[] } {
  const calls: { path: string; query: unknown }[] = [];
  return {
    calls,
    getText: (path: string, query: unknown) => { calls.push({ path, query }); return answer(); },
  } as unknown as KubeTransport & { calls: typeof calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('worthReading', () => {
  it('reads a running driver under a quota, or one starved of executors for a minute', () => {
    expect(worthReading(app(), true, 0)).toBe(true);
    expect(worthReading(app(), false, 30_000)).toBe(false);
    expect(worthReading(app(), false, MIN)).toBe(true);
    const pending = { ...emptyCounts(), pending: 6, running: 2 };
    expect(worthReading(app({ executors: 8, counts: pending, oldestPendingSince: 0 }), false, MIN)).toBe(true);
    expect(worthReading(app({ executors: 8, counts: { ...pending, running: 7 }, oldestPendingSince: 0 }), false, MIN)).toBe(false);
    expect(worthReading(app({ driverState: 'succeeded' }), true, MIN)).toBe(false);
  });
});

describe('DriverLogScan', () => {
  it("reads the driver's last lines once a minute at most, keeps the refusals newest first, and says when they change", async () => {
    const scheduler = new ManualScheduler(0);
    const transport = fakeTransport(async () => REFUSAL);
    const changed: string[] = [];
    const scan = new DriverLogScan({ transport, scheduler, driverContainerName: 'spark-kubernetes-driver', applications: () => [app()], constrained: () => true }, silentLogger);
    scan.onChange((ns, id) => changed.push(`${ns}/${id}`));
    scan.start();
    scheduler.advance(15_000);
    await settle();
    expect(transport.calls).toEqual([{ path: '/api/v1/namespaces/spark-adhoc/pods/adhoc-driver/log', query: { container: 'spark-kubernetes-driver', tailLines: 400, limitBytes: 256 * 1024 } }]);
    const found = scan.get('spark-adhoc', 'spark-1')!;
    expect(found.failures.map((f) => [f.kind, f.message])).toEqual([['quota', 'exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=21, limited: requests.cpu=24']]);
    expect(changed).toEqual(['spark-adhoc/spark-1']);
    // Asked again within the minute (a sweep, a page): no second read.
    scan.request('spark-adhoc', 'spark-1', { name: 'adhoc-driver', running: true });
    scheduler.advance(30_000);
    await settle();
    expect(transport.calls).toHaveLength(1);
    scheduler.advance(30_000);
    await settle();
    expect(transport.calls).toHaveLength(2);
    // The same refusals again: nothing to tell.
    expect(changed).toHaveLength(1);
    scan.stop();
  });

  it('remembers a 403 for the namespace and says why there is nothing', async () => {
    const scheduler = new ManualScheduler(0);
    const transport = fakeTransport(async () => { throw new KubeApiError('pods "adhoc-driver" is forbidden: User "dash" cannot get resource "pods/log"', 403, 'Forbidden'); });
    const scan = new DriverLogScan({ transport, scheduler, driverContainerName: 'spark-kubernetes-driver', applications: () => [app()], constrained: () => true, minGapMs: 1000 }, silentLogger);
    scan.request('spark-adhoc', 'spark-1', { name: 'adhoc-driver', running: true });
    await settle();
    expect(scan.get('spark-adhoc', 'spark-1')).toMatchObject({ failures: [], error: expect.stringMatching(/^The dashboard may not read pod logs in spark-adhoc \(grant get on pods\/log\)/) });
    scheduler.advance(5 * MIN);
    scan.sweepOnce();
    await settle();
    expect(transport.calls).toHaveLength(1);
    // A driver that is not running is not read.
    scan.request('spark-adhoc', 'spark-2', { name: 'other-driver', running: false });
    expect(transport.calls).toHaveLength(1);
  });
});
