// Integration check: the simulator against the embedded cluster over real HTTPS, through
// createKubeTransport, at high churn. Only the expected errors may appear: the two bootstrap
// ClusterRoles that already exist (409), 404s from races with deletions, and the executors the
// ad-hoc namespace's quota refuses (403, the quota-starved story).

import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeEvent, KubeList, KubePersistentVolumeClaim, KubePod, KubeRole } from '../lib/kube/types';
import { createKubeTransport, type KubeTransport } from '../server/kube/kubeTransport';
import { silentLogger } from '../server/log';
import { createEmbeddedCluster, type EmbeddedCluster } from '../sim/cluster/apiServer';
import { createWorkloadSimulator, type WorkloadSimulator } from '../sim/workload/workload';

let cluster: EmbeddedCluster;
let transport: KubeTransport;
let sim: WorkloadSimulator;

beforeAll(async () => {
  cluster = await createEmbeddedCluster({ seed: 1 });
  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfigYaml());
  transport = createKubeTransport(kc);
  sim = createWorkloadSimulator(transport, {
    seed: 5,
    scale: 1,
    churn: 150,
    log: silentLogger,
    warmupMs: 20_000,
  });
  await sim.start();
  // Seven simulated minutes: long enough for every story above to have played its part.
  const deadline = Date.now() + 60_000;
  while (sim.stats().simulatedMs < 420_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await sim.stop();
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await cluster?.stop();
});

const list = <T>(path: string, labelSelector?: string) => transport.requestJson<KubeList<T>>('GET', path, { query: { labelSelector } }).then((l) => l.items);

describe('the workload simulator on the embedded cluster', () => {
  it('runs with no errors but the expected ones', () => {
    const stats = sim.stats();
    expect(stats.simulatedMs).toBeGreaterThanOrEqual(420_000);
    expect(stats.mode).toEqual({ binding: 'binding', podStatus: 'patch' });
    const { conflict, notFound, forbidden, ...others } = stats.requests.errorsByClass;
    expect(others).toEqual({ invalid: 0, unsupported: 0, unavailable: 0, other: 0 });
    expect(forbidden).toBeGreaterThan(0);
    expect(conflict).toBeLessThanOrEqual(2);
    expect(notFound).toBeLessThan(stats.requests.requests / 50);
    expect(stats.events.supported).toBe(true);
  });

  it('refuses the ad-hoc executors past the quota, and their driver logs each refusal as Spark does', async () => {
    const quota = await transport.requestJson<{ status?: { hard?: Record<string, string>; used?: Record<string, string> } }>('GET', '/api/v1/namespaces/spark-adhoc/resourcequotas/compute');
    expect(quota.status?.hard?.['requests.cpu']).toBe('24');
    const drivers = await list<KubePod>('/api/v1/namespaces/spark-adhoc/pods', 'spark-role=driver');
    const logs = await Promise.all(drivers.filter((d) => d.status?.phase === 'Running')
      .map((d) => transport.getText(`/api/v1/namespaces/spark-adhoc/pods/${d.metadata!.name}/log`, { tailLines: 400 })));
    expect(logs.some((l) => /WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber\.\nio\.fabric8\.kubernetes\.client\.KubernetesClientException: .* is forbidden: exceeded quota: compute, requested: requests\.cpu=4,/.test(l))).toBe(true);
  });

  it('leaves Spark pods the cluster shows as Spark would create and run them', async () => {
    const pods = await list<KubePod>('/api/v1/pods', 'spark-role');
    const executors = pods.filter((p) => p.metadata?.labels?.['spark-role'] === 'executor');
    expect(executors.length).toBeGreaterThan(50);
    const running = executors.filter((p) => p.status?.phase === 'Running');
    expect(running.length).toBeGreaterThan(20);
    for (const p of running.slice(0, 10)) {
      expect(p.spec?.nodeName).toMatch(/^ip-10-0-\d+-\d+\.ec2\.internal$/);
      expect(p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Pod', controller: true });
      const owner = pods.find((d) => d.metadata?.name === p.metadata?.ownerReferences?.[0]?.name);
      if (owner) expect(p.metadata?.ownerReferences?.[0]?.uid).toBe(owner.metadata?.uid);
    }
    // OOM-killed and failed executors are deleted by their driver within a second or so.
    expect(sim.stats().pods.terminations).toBeGreaterThan(5);
  });

  it('binds claims through the status subresource and records events', async () => {
    const claims = await list<KubePersistentVolumeClaim>('/api/v1/persistentvolumeclaims');
    const bound = claims.filter((c) => c.status?.phase === 'Bound');
    expect(bound.length).toBeGreaterThan(0);
    for (const c of bound) expect(c.spec?.volumeName).toBe(`pvc-${c.metadata?.uid}`);
    const events = await list<KubeEvent>('/api/v1/events');
    expect(events.some((e) => e.reason === 'FailedDelete')).toBe(true);
    expect(events.some((e) => e.reason === 'ProvisioningFailed')).toBe(true);
    const edit = await transport.requestJson<KubeRole>('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/edit');
    expect(edit.rules?.length).toBeGreaterThan(5);
  });
});
