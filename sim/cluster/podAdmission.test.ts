// Quota and LimitRange admission of pods in the embedded cluster, over HTTPS as a client sees
// it: the quota controller's status, the refusals word for word, limit range defaults, and a
// driver that logs the executors it could not create.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedCluster, type EmbeddedCluster } from './apiServer';
import { rawRequest } from './testing';

let cluster: EmbeddedCluster;
let stateDir: string;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-admission-test-'));
  cluster = await createEmbeddedCluster({ stateDir, seed: 7 });
});

afterAll(async () => {
  await cluster.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

const post = (p: string, body: unknown) => rawRequest(cluster, 'POST', p, { body });
const get = (p: string) => rawRequest(cluster, 'GET', p);

const container = (name: string, cpu: string, memory = '1Gi') => ({ name, image: 'apache/spark:4.0.1', resources: { requests: { cpu, memory }, limits: { memory } } });
const pod = (name: string, cpu: string, extra: { labels?: Record<string, string>; owner?: string } = {}) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, labels: extra.labels, ...(extra.owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'etl-driver', uid: extra.owner, controller: true }] } : {}) },
  spec: { containers: [container(extra.labels?.['spark-role'] === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor', cpu)] },
});

async function namespace(name: string): Promise<string> {
  expect((await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })).status).toBe(201);
  return name;
}

async function quotaStatus(ns: string): Promise<{ hard?: Record<string, string>; used?: Record<string, string> }> {
  for (let i = 0; i < 50; i++) {
    const q = (await get(`/api/v1/namespaces/${ns}/resourcequotas/compute`)).json;
    if (q.status?.used) return q.status;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the quota controller never wrote status');
}

describe('ResourceQuota admission and the quota controller', () => {
  it('keeps status.hard and status.used, and refuses a pod past the quota with the real message', async () => {
    const ns = await namespace('quota-a');
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod('before', '1500m'))).status).toBe(201);
    const created = await post(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { 'requests.cpu': '4', 'limits.memory': '8Gi', pods: '10' } } });
    expect(created.status).toBe(201);
    // A new quota has no status until its controller writes one, as on a cluster.
    expect(created.json.status).toEqual({});
    expect(await quotaStatus(ns)).toEqual({ hard: { 'limits.memory': '8Gi', pods: '10', 'requests.cpu': '4' }, used: { 'limits.memory': '1Gi', pods: '1', 'requests.cpu': '1500m' } });

    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod('fits', '2'))).status).toBe(201);
    await new Promise((r) => setTimeout(r, 20));
    expect((await quotaStatus(ns)).used).toEqual({ 'limits.memory': '2Gi', pods: '2', 'requests.cpu': '3500m' });
    const refused = await post(`/api/v1/namespaces/${ns}/pods`, pod('too-big', '1'));
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, details: { name: 'too-big', kind: 'pods' },
      message: 'pods "too-big" is forbidden: exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=3500m, limited: requests.cpu=4',
    });
    expect((await get(`/api/v1/namespaces/${ns}/pods/too-big`)).status).toBe(404);

    // A pod that ended counts no more: the controller gives its share back.
    const patched = await rawRequest(cluster, 'PATCH', `/api/v1/namespaces/${ns}/pods/fits/status`, { body: { status: { phase: 'Succeeded' } }, contentType: 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect((await quotaStatus(ns)).used).toEqual({ 'limits.memory': '1Gi', pods: '1', 'requests.cpu': '1500m' });
    expect((await post(`/api/v1/namespaces/${ns}/pods`, pod('too-big', '1'))).status).toBe(201);
  });

  it('demands that every container state what the quota limits', async () => {
    const ns = await namespace('quota-b');
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { 'limits.cpu': '8', 'requests.memory': '8Gi' } } });
    await quotaStatus(ns);
    const refused = await post(`/api/v1/namespaces/${ns}/pods`, pod('no-cpu-limit', '1'));
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('pods "no-cpu-limit" is forbidden: failed quota: compute: must specify limits.cpu');
  });
});

describe('LimitRanger admission', () => {
  it('applies defaults, and refuses a container above the maximum in its words', async () => {
    const ns = await namespace('limits-a');
    const lr = await post(`/api/v1/namespaces/${ns}/limitranges`, { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'per-container' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, defaultRequest: { cpu: '250m' } }] } });
    expect(lr.json.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, default: { cpu: '2' }, defaultRequest: { cpu: '250m' } });
    const bare = await post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } });
    expect(bare.status).toBe(201);
    expect(bare.json.spec.containers[0].resources).toEqual({ limits: { cpu: '2' }, requests: { cpu: '250m' } });
    expect(bare.json.metadata.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu request for container main; cpu limit for container main' });
    expect(bare.json.status.qosClass).toBe('Burstable');
    const big = { ...pod('big', '4'), spec: { containers: [{ name: 'x', image: 'busybox', resources: { requests: { cpu: '4' }, limits: { cpu: '4' } } }] } };
    const refused = await post(`/api/v1/namespaces/${ns}/pods`, big);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 2, but limit is 4');
  });
});

describe('a driver whose executor the API refuses', () => {
  it("logs Spark's warning and fabric8's exception, served by pods/log among its own lines", async () => {
    const ns = await namespace('quota-spark');
    await post(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { 'requests.cpu': '2' } } });
    await quotaStatus(ns);
    const labels = { 'spark-app-selector': 'spark-0001', 'spark-role': 'driver' };
    const driver = (await post(`/api/v1/namespaces/${ns}/pods`, { ...pod('etl-driver', '1', { labels }), spec: { nodeName: 'node-1', containers: [container('spark-kubernetes-driver', '1')] } })).json;
    const now = new Date().toISOString();
    await rawRequest(cluster, 'PATCH', `/api/v1/namespaces/${ns}/pods/etl-driver/status`, {
      body: { status: { phase: 'Running', startTime: now, containerStatuses: [{ name: 'spark-kubernetes-driver', ready: true, restartCount: 0, image: 'apache/spark:4.0.1', imageID: '', state: { running: { startedAt: now } } }] } },
      contentType: 'application/merge-patch+json',
    });
    const executor = pod('etl-exec-1', '4', { labels: { 'spark-app-selector': 'spark-0001', 'spark-role': 'executor' }, owner: driver.metadata.uid });
    const refused = await post(`/api/v1/namespaces/${ns}/pods`, executor);
    expect(refused.json.message).toBe('pods "etl-exec-1" is forbidden: exceeded quota: compute, requested: requests.cpu=4, used: requests.cpu=1, limited: requests.cpu=2');
    const log = await rawRequest(cluster, 'GET', `/api/v1/namespaces/${ns}/pods/etl-driver/log?tailLines=20`, { accept: '*/*' });
    expect(log.status).toBe(200);
    const lines = log.text.split('\n');
    const warn = lines.findIndex((l) => /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d WARN ExecutorPodsSnapshotsStoreImpl: Exception when notifying snapshot subscriber\.$/.test(l));
    expect(warn).toBeGreaterThanOrEqual(0);
    expect(lines[warn + 1]).toBe(`io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default.svc/api/v1/namespaces/${ns}/pods. Message: Forbidden!Configured service account doesn't have access. Service account may have been revoked. ${refused.json.message}.`);
    expect(lines[warn + 2]).toMatch(/^\tat io\.fabric8\.kubernetes\.client\.dsl\.internal\.OperationSupport\.requestFailure/);
    // A pod that is not a Spark executor is not logged by any driver.
    const other = await post(`/api/v1/namespaces/${ns}/pods`, pod('not-spark', '4'));
    expect(other.status).toBe(403);
    const again = await rawRequest(cluster, 'GET', `/api/v1/namespaces/${ns}/pods/etl-driver/log`, { accept: '*/*' });
    expect(again.text.match(/Exception when notifying snapshot subscriber/g)).toHaveLength(1);
  });
});
