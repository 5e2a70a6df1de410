// A running driver's Spark UI through the dashboard (--spark-ui-proxy), over real HTTP, against
// the embedded cluster and a real kube-apiserver: no link and 404 when the setting is off; a
// link only for running drivers the dashboard may proxy to; GET forwarded with a sandboxing
// CSP, other methods refused, traversal refused; a 403 and the real API server's 503 (it has no
// kubelet, so no endpoints) explained in words.

import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDriverResponse } from '../../lib/apiTypes';
import type { KubePod } from '../../lib/kube/types';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends, useBackend, type Backend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, podPath, startSparkApp, uniqueName, waitFor } from '../contract/kubeOps';

const NODE = 'ip-10-0-9-9.ec2.internal';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** A running Spark application with the driver Service spark-submit would have made (named as its executors' SPARK_DRIVER_URL says). */
async function sparkAppWithService(api: KubeTransport, ns: string, name: string) {
  const app = await startSparkApp(api, ns, name, 1, NODE);
  const executor = await api.getJson<KubePod>(podPath(ns, app.executor(1)));
  const driverUrl = executor.spec!.containers!.find((c) => c.name === 'spark-kubernetes-executor')!.env!.find((e) => e.name === 'SPARK_DRIVER_URL')!.value!;
  const service = /@([^.]+)\./.exec(driverUrl)![1];
  const driver = await api.getJson<KubePod>(podPath(ns, app.driverName));
  await api.requestJson('POST', `/api/v1/namespaces/${ns}/services`, {
    body: {
      apiVersion: 'v1', kind: 'Service', metadata: { name: service, labels: { 'spark-app-selector': app.appId } },
      spec: { clusterIP: 'None', selector: driver.metadata!.labels, ports: [{ name: 'driver-rpc-port', port: 7078, targetPort: 7078 }, { name: 'spark-ui', port: 4040, targetPort: 4040 }] },
    },
  });
  return { ...app, service };
}

/**
 * The real API server runs no endpoints controller here; play it for a driver whose pod is not
 * ready to be reached (its address among the not-ready ones), as it stands without a kubelet.
 */
async function endpointsNotReady(api: KubeTransport, ns: string, service: string, podIP: string): Promise<void> {
  await api.requestJson('POST', `/api/v1/namespaces/${ns}/endpoints`, {
    body: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: service }, subsets: [{ notReadyAddresses: [{ ip: podIP }], ports: [{ name: 'spark-ui', port: 4040 }] }] },
  });
}

/** A request with its path sent exactly as written (fetch would fold dot segments away). */
function rawGet(origin: string, path: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}/`, { method, path }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const driverOf = (t: TestDashboard, ns: string, appId: string) => t.getJson<AppDriverResponse>(`/api/apps/${TEST_CLUSTER}/${ns}/${appId}/driver`);

describe.each(availableBackends())('the Spark UI through the dashboard, against %s', { timeout: 120_000 }, (kind) => {
  const ctx = useBackend(kind);
  let backend: Backend;
  beforeAll(() => { backend = ctx.backend(); });

  it('is neither linked nor served when --spark-ui-proxy is off', async () => {
    const api = backend.transport('admin');
    const ns = uniqueName('ui-off');
    await createNamespace(api, ns);
    const app = await sparkAppWithService(api, ns, 'plain-job');
    const t = await startTestDashboard(backend, { namespaces: [ns] });
    ctx.dashboards.push(t);
    const d = await waitFor('the running driver', async () => { const r = await driverOf(t, ns, app.appId); return r.body.summary?.driver?.state === 'running' && r.body; });
    expect(d.links?.sparkUiProxy ?? null).toBeNull();
    const origin = new URL(t.dashboard.url).origin;
    const res = await fetch(`${origin}/spark-ui/${TEST_CLUSTER}/${ns}/${app.appId}/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/--spark-ui-proxy/);
  });

  it('links a running driver and forwards GET with a sandboxing policy; refuses other methods and traversal', async () => {
    const api = backend.transport('admin');
    const ns = uniqueName('ui-on');
    await createNamespace(api, ns);
    const app = await sparkAppWithService(api, ns, 'ui-job');
    if (kind === 'kube-apiserver') await endpointsNotReady(api, ns, app.service, (await api.getJson<KubePod>(podPath(ns, app.driverName))).status?.podIP ?? '10.1.2.3');
    const t = await startTestDashboard(backend, { namespaces: [ns], args: ['--spark-ui-proxy'] });
    ctx.dashboards.push(t);
    const origin = new URL(t.dashboard.url).origin;
    const href = `/spark-ui/${TEST_CLUSTER}/${ns}/${app.appId}/`;
    const running = await waitFor('the proxied link', async () => { const r = await driverOf(t, ns, app.appId); return r.body.links?.sparkUiProxy ? r.body : null; });
    expect(running.links).toEqual({ sparkUi: null, historyServer: null, sparkUiProxy: href });

    const page = await fetch(origin + href);
    expect(page.headers.get('content-security-policy')).toContain('sandbox allow-scripts allow-forms allow-popups');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('set-cookie')).toBeNull();
    const text = await page.text();
    if (kind === 'embedded') {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html;charset=utf-8');
      expect(text).toContain('<h3>Spark Jobs</h3>');
      expect(text).toContain(`<span id="app-id">${app.appId}</span>`);
      expect(text).toContain(`<span id="driver-pod">${app.driverName}</span>`);
      const executors = await fetch(`${origin}${href}executors/`);
      expect(executors.status).toBe(200);
      expect(await executors.text()).toContain('<h3>Executors</h3>');
      const head = await fetch(origin + href, { method: 'HEAD' });
      expect(head.status).toBe(200);
    } else {
      // No kubelet: the driver is not ready to be reached, so the API server has no endpoint to forward to.
      expect(page.status, text).toBe(503);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(text).toContain('The driver UI is not reachable');
      expect(text).toContain(`The API server said: no endpoints available for service "${app.service}`);
    }

    const post = await fetch(origin + href, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    for (const path of [`${href}../../../api/apps`, `${href}%2e%2e/%2e%2e/x`, `${href}jobs%2F..%2F..%2Fx`]) {
      const refused = await rawGet(origin, path);
      expect(refused.status, path).toBe(400);
      expect(refused.headers['content-security-policy']).toContain('sandbox');
    }
    const bare = await rawGet(origin, href.replace(/\/$/, '?x=1'));
    expect(bare.status).toBe(308);
    expect(bare.headers.location).toBe(`${href}?x=1`);
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(Number(/^spark_dashboard_spark_ui_requests_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    await app.failDriver();
    const ended = await waitFor('the failed driver without the link', async () => { const r = await driverOf(t, ns, app.appId); return r.body.summary?.driver?.state === 'failed' && r.body; });
    expect(ended.links?.sparkUiProxy).toBeNull();
    const after = await fetch(origin + href);
    expect(after.status).toBe(409);
    expect(await after.text()).toMatch(/is failed: its Spark UI lives only while the driver runs/);
  });

  it('offers no link to an identity without get services/proxy, and says which permission is missing', async () => {
    const api = backend.transport('admin');
    const ns = uniqueName('ui-restricted');
    await createNamespace(api, ns);
    // The restricted identity may watch Spark pods here, nothing more.
    await api.requestJson('POST', `${RBAC}/namespaces/${ns}/roles`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pods' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] } });
    await api.requestJson('POST', `${RBAC}/namespaces/${ns}/rolebindings`, {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'pods' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted-user' }] },
    });
    const app = await sparkAppWithService(api, ns, 'locked-job');
    const t = await startTestDashboard(backend, { namespaces: [ns], identity: 'restricted', args: ['--spark-ui-proxy'] });
    ctx.dashboards.push(t);
    const d = await waitFor('the running driver', async () => { const r = await driverOf(t, ns, app.appId); return r.body.summary?.driver?.state === 'running' && r.body; });
    expect(d.links?.sparkUiProxy).toBeNull();
    const origin = new URL(t.dashboard.url).origin;
    const res = await fetch(`${origin}/spark-ui/${TEST_CLUSTER}/${ns}/${app.appId}/`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`get services/proxy in ${ns}`);
  });
});
