import type { AppRbacResponse, AppsResponse } from '../lib/apiTypes';
import { createNamespace, startSparkApp, uniqueName } from '../test/contract/kubeOps';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';
import { NODE } from './sparkApp';
import { createVolumeTestApp } from './volumeApp';

test('volumes and pod-template panels on an application with every volume type, live', async ({ page, api, shot }) => {
  const app = await createVolumeTestApp(api);
  await page.goto(`/apps/${app.namespace}/${app.appId}#volumes`);
  const volumes = page.getByTestId('volumes-panel');
  await expect(volumes).toBeVisible();
  for (const [name, kind] of [['spark-local-dir-2', 'persistentVolumeClaim'], ['datasets', 'nfs'], ['node-scratch', 'hostPath'], ['shuffle-tmpfs', 'emptyDir']]) {
    await expect(volumes.locator(`[data-volume="${name}"][data-kind="${kind}"]`)).toBeVisible();
  }
  await expect(volumes.locator('[data-finding^="hostpath:"]')).toContainText('host');
  await expect(volumes.locator('[data-finding^="pending-claim"]')).toBeVisible();
  await expect(volumes.locator(`[data-claim="${app.claimName}"]`)).toHaveAttribute('data-phase', 'Pending');
  await volumes.locator('[data-kind="nfs"]').first().getByText('Spark settings for this volume').click();
  await expect(volumes.getByTestId('spark-volume-conf').first()).toContainText('spark.kubernetes.executor.volumes.nfs.');
  await shot(page, 'volumes-panel', { locator: page.locator('#volumes') });

  await app.bindClaim();
  await expect(volumes.locator(`[data-claim="${app.claimName}"]`)).toHaveAttribute('data-phase', 'Bound', { timeout: 30_000 });

  await page.goto(`/apps/${app.namespace}/${app.appId}#pod-template`);
  const template = page.getByTestId('pod-template-panel');
  await expect(template).toBeVisible();
  const executors = template.getByTestId('containers-executor');
  await expect(executors.locator('[data-container="log-shipper"]')).toContainText('sidecar');
  await expect(executors.locator('[data-container="otel-agent"]')).toContainText('native sidecar');
  await expect(template.getByTestId('template-executor')).toContainText('Container-name trap');
  await shot(page, 'pod-template-panel', { locator: page.locator('#pod-template') });
});

async function classify(page: import('@playwright/test').Page): Promise<Record<string, string>> {
  const apps = ((await (await page.request.get('/api/apps')).json()) as AppsResponse).apps;
  const found: Record<string, string> = {};
  for (const a of apps) {
    // An operator application without pods has no service account in use yet (its RBAC route is a 404).
    if (!a.driver) continue;
    const res = await page.request.get(`/api/apps/${a.cluster}/${a.namespace}/${encodeURIComponent(a.appId)}/rbac`);
    if (!res.ok()) continue;
    const r = (await res.json()) as AppRbacResponse;
    const ids = r.findings.map((f) => f.id);
    const kind = ids.includes('service-account-missing') ? 'missing-service-account'
      : ids.some((i) => i.startsWith('cluster-admin') || i.startsWith('docs-edit-binding')) ? 'over-privileged'
        : ids.some((i) => i.startsWith('missing:')) ? 'missing-permission' : 'well-scoped';
    found[kind] ??= `${a.namespace}/${a.appId}`;
  }
  return found;
}

test('the RBAC panel for each simulated case: well scoped, missing permission, over-privileged, missing service account', async ({ page, shot }) => {
  let cases: Record<string, string> = {};
  for (let i = 0; i < 30 && Object.keys(cases).length < 4; i++) {
    cases = await classify(page);
    if (Object.keys(cases).length < 4) await page.waitForTimeout(2000);
  }
  expect(Object.keys(cases).sort()).toEqual(['missing-permission', 'missing-service-account', 'over-privileged', 'well-scoped']);
  for (const kind of Object.keys(cases)) {
    // The simulated applications come and go (a driver without its service account dies within
    // a minute): take an application of this kind as it is now, not as it was a minute ago.
    let key = '';
    await expect.poll(async () => (key = (await classify(page))[kind] ?? ''), { message: `an application of kind ${kind}`, timeout: 60_000, intervals: [1000] }).not.toBe('');
    await page.goto(`/apps/${key}#rbac`);
    const panel = page.getByTestId('rbac-panel');
    // Panels above it grow as they load (a pod template of many fields) and move it: bring it
    // into view as a reader would, again until it has loaded.
    await expect(async () => {
      await page.locator('#rbac').scrollIntoViewIfNeeded({ timeout: 2000 });
      await expect(panel).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 60_000 });
    await expect(panel).toHaveAttribute('data-verdicts', 'subject-access-review');
    await expect(panel.getByTestId('rbac-verdict-source')).toContainText('SubjectAccessReview');
    if (kind === 'well-scoped') {
      await expect(panel.getByTestId('rbac-needs').locator('[data-allowed="false"]')).toHaveCount(0);
      await expect(panel.getByTestId('rbac-fix')).toHaveCount(0);
    }
    if (kind === 'missing-permission') {
      await expect(panel.getByTestId('rbac-needs').locator('[data-allowed="false"]').first()).toBeVisible();
      await expect(panel.getByTestId('rbac-fix')).toContainText('kind: Role');
      // The driver's Forbidden events appear once it has tried to delete an executor.
      const events = panel.getByTestId('finding-events');
      if (await events.count()) await expect(events.first()).toContainText('forbidden');
    }
    if (kind === 'over-privileged') await expect(panel.locator('[data-finding^="cluster-admin"], [data-finding^="docs-edit-binding"]').first()).toBeVisible();
    if (kind === 'missing-service-account') await expect(panel.locator('[data-finding="service-account-missing"]')).toContainText('does not exist');
    await shot(page, `rbac-${kind}`, { locator: page.locator('#rbac') });
  }
});

test('a dashboard whose identity may not read RBAC says which permission it lacks, and the rest of the page works', async ({ page, server, api, backend, shot }) => {
  test.setTimeout(300_000);
  const RBAC = '/apis/rbac.authorization.k8s.io/v1';
  const name = `e2e-pod-reader-${Date.now()}`;
  await api.requestJson('POST', `${RBAC}/clusterroles`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources: ['pods', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] }] } });
  await api.requestJson('POST', `${RBAC}/clusterrolebindings`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted-user' }] } });
  const access = server.restrictedAccess();
  const restricted = new DashboardServer(backend, { kubeconfig: access.kubeconfig, context: access.context });
  await restricted.start();
  try {
    let app: AppsResponse['apps'][number] | undefined;
    await expect.poll(async () => {
      const apps = ((await (await page.request.get(`${restricted.url}/api/apps`)).json()) as AppsResponse).apps;
      app = apps.find((a) => a.executors > 1 && a.present > 0);
      return app?.key ?? null;
    }, { message: 'an application with executors on the restricted dashboard', timeout: 60_000 }).not.toBeNull();
    app = app!;
    await page.goto(`${restricted.url}/apps/${app.namespace}/${app.appId}#rbac`);
    const panel = page.getByTestId('rbac-panel');
    await expect(panel).toHaveAttribute('data-verdicts', 'unavailable');
    await expect(panel.getByTestId('missing-access')).toContainText('rolebindings.rbac.authorization.k8s.io');
    await expect(panel.getByTestId('missing-access')).toContainText('subjectaccessreviews.authorization.k8s.io');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live');
    await expect(page.getByTestId('executor-timeline')).toBeVisible();
    expect(Number(await page.getByTestId('executor-timeline').getAttribute('data-rows'))).toBeGreaterThan(1);
    await shot(page, 'rbac-restricted-identity', { locator: page.locator('#rbac') });

    // Without events and pods/log: the Why panel and the drawer say so, and the rest works.
    const namespace = uniqueName('e2e-nolog');
    await createNamespace(api, namespace);
    const failing = await startSparkApp(api, namespace, 'no-logs', 2, NODE);
    await failing.fail(2);
    await page.goto(`${restricted.url}/apps/${namespace}/${failing.appId}`);
    await expect(page.getByTestId('why-panel')).toContainText('may not list events', { timeout: 60_000 });
    await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 2' }).click();
    const drawer = page.getByTestId('executor-drawer');
    await expect(drawer.getByText('No log tail')).toBeVisible({ timeout: 30_000 });
    await expect(drawer).toContainText('may not read pod logs');
    await expect(drawer.getByText('Why it ended')).toBeVisible();
    await shot(page, 'why-restricted-identity', { fullPage: false });
  } finally {
    await restricted.stop();
  }
});
