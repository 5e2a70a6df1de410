// The embedded cluster's service proxy over real HTTPS: a running Spark driver's UI answers
// through its driver Service (jobs, executors, environment), the subresource is in discovery
// and authorized as `get services/proxy` by RBAC, and a driver that is not running leaves
// the Service without endpoints (kube-apiserver's 503).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubePod } from '../../lib/kube/types';
import { sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import { createEmbeddedCluster, type EmbeddedCluster } from './apiServer';
import { rawRequest } from './testing';

let cluster: EmbeddedCluster;
let stateDir: string;
const NS = 'spark-ui';
const APP_ID = 'spark-0123456789abcdef0123456789abcdef';
const SVC = 'etl-nightly-1a2b3c-driver-svc';

const post = async (p: string, body: unknown) => {
  const r = await rawRequest(cluster, 'POST', p, { body });
  if (r.status >= 300) throw new Error(`POST ${p}: ${r.status} ${r.text}`);
  return r.json as Record<string, unknown>;
};
const proxy = (rest: string, options: { identity?: string; method?: string; port?: string | number; service?: string } = {}) =>
  rawRequest(cluster, options.method ?? 'GET', `/api/v1/namespaces/${NS}/services/${options.service ?? SVC}:${options.port ?? 4040}/proxy/${rest}`, { identity: options.identity, accept: 'text/html,*/*' });

let driver: KubePod;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-service-proxy-'));
  cluster = await createEmbeddedCluster({ stateDir, seed: 3 });
  await post('/api/v1/namespaces', { metadata: { name: NS } });
  driver = sparkDriverPod({ namespace: NS, appId: APP_ID, appName: 'etl-nightly' });
  const conf = driver.spec!.volumes!.find((v) => v.name === 'spark-conf-volume-driver')!.configMap!.name;
  await post(`/api/v1/namespaces/${NS}/configmaps`, {
    metadata: { name: conf },
    data: { 'spark.properties': `spark.app.id=${APP_ID}\nspark.app.name=etl-nightly\nspark.driver.host=${SVC}.${NS}.svc\nspark.kubernetes.namespace=${NS}\n` },
  });
  const created = await post(`/api/v1/namespaces/${NS}/pods`, { metadata: { name: driver.metadata!.name, labels: driver.metadata!.labels }, spec: driver.spec });
  expect(created).toBeTruthy();
  const status = await rawRequest(cluster, 'PATCH', `/api/v1/namespaces/${NS}/pods/${driver.metadata!.name}/status`, { body: { status: driver.status }, contentType: 'application/merge-patch+json' });
  expect(status.status).toBe(200);
  // The Service spark-submit makes for the driver (DriverServiceFeatureStep): headless, selecting the driver's labels.
  await post(`/api/v1/namespaces/${NS}/services`, {
    metadata: { name: SVC, labels: { 'spark-app-selector': APP_ID } },
    spec: {
      clusterIP: 'None', selector: driver.metadata!.labels,
      ports: [{ name: 'driver-rpc-port', port: 7078, targetPort: 7078 }, { name: 'spark-ui', port: 4040, targetPort: 4040 }],
    },
  });
});

afterAll(async () => {
  await cluster.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('the service proxy of the embedded cluster', () => {
  it('lists services/proxy in discovery', async () => {
    const doc = await rawRequest(cluster, 'GET', '/api/v1');
    expect(doc.json.resources).toContainEqual({ name: 'services/proxy', singularName: '', namespaced: true, kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  });

  it("serves a running driver's Spark UI: the jobs page with relative links that answer too", async () => {
    const root = await proxy('');
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(root.text).toContain('<h3>Spark Jobs</h3>');
    expect(root.text).toContain(`<span id="app-name">etl-nightly</span> (<span id="app-id">${APP_ID}</span>)`);
    expect(root.text).toContain(`<span id="driver-pod">${driver.metadata!.name}</span>`);
    expect((root.text.match(/<tr><td>\d+<\/td>/g) ?? []).length).toBeGreaterThanOrEqual(1);
    for (const href of ['jobs/', 'executors/', 'environment/']) expect(root.text).toContain(`href="${href}"`);

    const jobs = await proxy('jobs/');
    expect(jobs.status).toBe(200);
    expect(jobs.text).toContain('href="../executors/"');
    const executors = await proxy('executors/');
    expect(executors.text).toContain('<h3>Executors</h3>');
    expect(executors.text).toContain('<tr><td>driver</td>');
    const env = await proxy('environment/');
    expect(env.text).toContain(`<tr><td>spark.driver.host</td><td>${SVC}.${NS}.svc</td></tr>`);
    const head = await proxy('', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect((await proxy('stages/nope/')).status).toBe(404);
  });

  it('answers 403 in kube-apiserver words to an identity without get services/proxy, and serves it once RBAC grants it', async () => {
    const denied = await proxy('', { identity: 'restricted' });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({
      kind: 'Status', reason: 'Forbidden', code: 403,
      message: `services "${SVC}:4040" is forbidden: User "restricted-user" cannot get resource "services/proxy" in API group "" in the namespace "${NS}"`,
    });
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'ui' }, rules: [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] }] });
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'ui' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ui' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted-user' }],
    });
    expect((await proxy('', { identity: 'restricted' })).status).toBe(200);
    // get only: the UI's kill buttons (POST) are another verb.
    expect((await proxy('jobs/job/kill/', { identity: 'restricted', method: 'POST' })).status).toBe(403);
  });

  it('answers 404 for a Service that does not exist and 503 for a port nothing listens on', async () => {
    const missing = await proxy('', { service: 'nope-driver-svc' });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('services "nope-driver-svc" not found');
    const rpc = await proxy('', { port: 7078 });
    expect(rpc.status).toBe(503);
    expect(rpc.json.message).toMatch(/^error trying to reach service: dial tcp .*:7078: connect: connection refused$/);
  });

  it('has no endpoints once the driver is not running', async () => {
    const failed = sparkDriverPod({ namespace: NS, appId: APP_ID, appName: 'etl-nightly', phase: 'Failed' });
    const patched = await rawRequest(cluster, 'PATCH', `/api/v1/namespaces/${NS}/pods/${driver.metadata!.name}/status`, { body: { status: failed.status }, contentType: 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    const gone = await proxy('');
    expect(gone.status).toBe(503);
    expect(gone.json).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503, message: `no endpoints available for service "${SVC}"` });
  });
});
