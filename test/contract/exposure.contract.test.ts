// Nothing leaks: the dashboard serves only Spark pods (its label selector) of the namespaces it
// watches, never a literal environment value unless told to (--show-env-values), never a pod
// template's secrets; a panel of an application it does not know costs no Kubernetes API call;
// every response carries security headers, and a path with broken percent-encoding is a 400.

import { beforeAll, describe, expect, it } from 'vitest';
import type { AppVolumesResponse, PodResponse } from '../../lib/apiTypes';
import { HIDDEN_VALUE } from '../../lib/kube/redactPod';
import type { KubePod } from '../../lib/kube/types';
import { FIXTURE_APP_ID, runningExecutor, sparkDriverPod } from '../../lib/spark/testing/podFixtures';
import type { KubeTransport } from '../../server/kube/kubeTransport';
import { availableBackends, useBackend, type Backend } from './backends';
import { startTestDashboard, type TestDashboard, TEST_CLUSTER } from './dashboardHarness';
import { createNamespace, createPod, patchPodStatus, statusOf, uniqueName, waitFor } from './kubeOps';

const NODE = 'ip-10-0-5-5.ec2.internal';
const SECRETS = ['hunter2-db-password', 'AKIA-secret-access-key', 'template-secret-token', 's3a-secret-key-value'];

const databasePod = (namespace: string): KubePod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'postgres-0', namespace, labels: { app: 'postgres' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"env":"${SECRETS[0]}"}` } },
  spec: { containers: [{ name: 'postgres', image: 'postgres:16', env: [{ name: 'POSTGRES_PASSWORD', value: SECRETS[0] }] }] },
});

function withSecretEnv(pod: KubePod): KubePod {
  const c = pod.spec!.containers![0];
  return { ...pod, spec: { ...pod.spec, containers: [{ ...c, env: [...(c.env ?? []), { name: 'AWS_SECRET_ACCESS_KEY', value: SECRETS[1] }] }] } };
}

async function getText(t: TestDashboard, path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(new URL(t.dashboard.url).origin + path);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe.each(availableBackends())('what leaves the dashboard, against %s', (kind) => {
  const ctx = useBackend(kind);
  let backend: Backend;
  let api: KubeTransport;
  let ns: string, other: string;
  const executorName = () => runningExecutor(1, { namespace: ns }).metadata!.name!;

  beforeAll(async () => {
    backend = ctx.backend();
    api = backend.transport('admin');
    ns = uniqueName('spd-leak');
    other = uniqueName('spd-other');
    for (const n of [ns, other]) await createNamespace(api, n);
    for (const n of [ns, other]) await api.requestJson('POST', `/api/v1/namespaces/${n}/pods`, { body: databasePod(n) });
    // The driver ships the executor pod template and its settings in config maps, as Spark does.
    const template = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: spark-kubernetes-executor\n    env:\n    - name: API_TOKEN\n      value: ${SECRETS[2]}\n`;
    await api.requestJson('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'spark-template' }, data: { 'pod-spec-template.yml': template } } });
    await api.requestJson('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'spark-conf' }, data: { 'spark.properties': `spark.hadoop.fs.s3a.secret.key=${SECRETS[3]}\nspark.executor.memory=4g\n` } },
    });
    const driver = sparkDriverPod({ namespace: ns, phase: 'Running' });
    driver.spec!.volumes = [
      ...(driver.spec!.volumes ?? []).filter((v) => v.name !== 'spark-conf-volume-driver'),
      { name: 'spark-conf-volume-driver', configMap: { name: 'spark-conf' } },
      { name: 'pod-template-volume', configMap: { name: 'spark-template' } },
    ];
    await createPod(api, ns, withSecretEnv(driver), { nodeName: NODE });
    await patchPodStatus(api, ns, driver.metadata!.name!, statusOf(driver));
    const executor = runningExecutor(1, { namespace: ns });
    await createPod(api, ns, withSecretEnv(executor), { nodeName: NODE });
    await patchPodStatus(api, ns, executorName(), statusOf(executor));
  });

  async function dashboard(args: string[] = []) {
    const t = await startTestDashboard(backend, { namespaces: [ns], args });
    ctx.dashboards.push(t);
    const app = t.watchScope({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });
    await waitFor('the application', () => (app.state()?.rows.filter(Boolean).length ?? 0) >= 2);
    return t;
  }

  it('serves no pod outside the watched namespaces and no pod that is not a Spark pod, with the same answer as a pod that does not exist', async () => {
    const t = await dashboard();
    for (const path of [`/api/pods/${other}/postgres-0`, `/api/pods/${ns}/postgres-0`, `/api/pods/kube-system/kube-apiserver`, `/api/pods/${ns}/no-such-pod`]) {
      const r = await getText(t, path);
      expect(r.status, path).toBe(404);
      expect(r.text).toMatch(/no Spark pod .* \(the dashboard serves only Spark pods of the namespaces it watches\)/);
      for (const s of SECRETS) expect(r.text).not.toContain(s);
    }
  });

  it('sends env names and references, never literal values, from any endpoint that carries a pod or its template', async () => {
    const t = await dashboard();
    const pod = await t.getJson<PodResponse>(`/api/pods/${ns}/${executorName()}`);
    expect(pod.status).toBe(200);
    expect(pod.body.pod?.spec?.containers?.[0].env?.find((e) => e.name === 'AWS_SECRET_ACCESS_KEY')?.value).toBe(HIDDEN_VALUE);
    const volumes = await waitFor('the volumes panel with its template', async () => {
      const r = await getText(t, `/api/apps/${ns}/${FIXTURE_APP_ID}/volumes`);
      return r.status === 200 && (JSON.parse(r.text) as AppVolumesResponse).executorTemplateSource ? r : null;
    });
    expect((JSON.parse(volumes.text) as AppVolumesResponse).executorTemplateSource).toContain('API_TOKEN');
    const bodies = [pod, volumes, await getText(t, `/api/apps/${ns}/${FIXTURE_APP_ID}/rbac`), await getText(t, `/api/apps/${ns}/${FIXTURE_APP_ID}`), await getText(t, '/api/apps')];
    for (const body of bodies) for (const s of SECRETS) expect(JSON.stringify(body)).not.toContain(s);
  });

  it('shows literal env values of Spark pods only when told to, and still no other pod', async () => {
    const t = await dashboard(['--show-env-values']);
    const pod = await t.getJson<PodResponse>(`/api/pods/${ns}/${executorName()}`);
    expect(pod.body.pod?.spec?.containers?.[0].env?.find((e) => e.name === 'AWS_SECRET_ACCESS_KEY')?.value).toBe(SECRETS[1]);
    expect((await getText(t, `/api/pods/${ns}/postgres-0`)).status).toBe(404);
    const template = await waitFor('the template', async () => (await t.getJson<AppVolumesResponse>(`/api/apps/${ns}/${FIXTURE_APP_ID}/volumes`)).body.executorTemplateSource);
    expect(template).toContain(SECRETS[2]);
  });

  it('a panel of an application the dashboard does not know is a 404 that costs no Kubernetes API call', async () => {
    const t = await dashboard();
    const transport = t.engine.transport;
    let calls = 0;
    const { getJson, requestJson } = transport;
    transport.getJson = (...a) => { calls++; return getJson(...a); };
    transport.requestJson = (...a) => { calls++; return requestJson(...a); };
    try {
      for (const path of [`/api/apps/${ns}/spark-0000000000000000000000000000dead/rbac`, `/api/apps/kube-system/anything/rbac`, `/api/apps/${other}/${FIXTURE_APP_ID}/volumes`]) {
        const r = await getText(t, path);
        expect(r.status, path).toBe(404);
      }
      expect(calls).toBe(0);
    } finally {
      transport.getJson = getJson;
      transport.requestJson = requestJson;
    }
  });

  it('every response carries security headers; broken percent-encoding is a 400, in JSON for the API and as a page elsewhere', async () => {
    const t = await dashboard();
    for (const path of ['/api/apps', '/healthz', '/readyz', '/metrics', '/api/nothing']) {
      const r = await getText(t, path);
      expect(r.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
    }
    const apiBad = await getText(t, '/api/apps/%E0%A4%A/x');
    expect(apiBad.status).toBe(400);
    expect(JSON.parse(apiBad.text).error).toMatch(/not valid percent-encoding/);
    for (const path of ['/apps/%E0%A4%A/x', '/%', '/wall/%ZZ']) {
      const page = await getText(t, path);
      expect(page.status, path).toBe(400);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).toContain('This address is not valid');
      expect(page.text).not.toContain('<script');
    }
  });
});
