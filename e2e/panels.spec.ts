import type { AppRbacResponse, AppsResponse } from '../lib/apiTypes';
import { createNamespace, startSparkApp, uniqueName } from '../test/contract/kubeOps';
import { DashboardServer } from './dashboardServer';
import { detachedIds, recordDetaching } from './detachRecorder';
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

// Every section of the application page, anchored by its panel's id.
const PANEL_IDS = ['why', 'operator', 'counts', 'driver-log', 'timeline', 'executors', 'events', 'volumes', 'pod-template', 'rbac'];

test('a link to a panel lands on it: it loads without scrolling, stays in view while the panels above it load, and no section is remounted', async ({ page, shot }) => {
  // The largest live application: the most rows above its lazy panels, still arriving after the anchor scroll.
  let key = '';
  await expect.poll(async () => {
    const apps = ((await (await page.request.get('/api/apps')).json()) as AppsResponse).apps.filter((a) => a.driver && a.present > 1).sort((a, b) => b.executors - a.executors);
    for (const a of apps.slice(0, 3)) {
      if ((await page.request.get(`/api/apps/${a.cluster}/${a.namespace}/${encodeURIComponent(a.appId)}/rbac`)).ok()) return (key = `${a.cluster}/${a.namespace}/${a.appId}`);
    }
    return '';
  }, { message: 'a live application with executors and an RBAC view', timeout: 60_000, intervals: [1000] }).not.toBe('');
  await recordDetaching(page, PANEL_IDS);
  const topBar = page.locator('header').first();
  for (const [anchor, loaded, above] of [
    ['events', 'events-panel', ['executor-table']],
    // The panel right above it is near enough to load too (those further up load as the reader scrolls up).
    ['rbac', 'rbac-panel', ['pod-template-panel']],
  ] as const) {
    // A fresh load each time (the same path with another hash would only scroll).
    await page.goto('about:blank');
    await page.goto(`/apps/${key}#${anchor}`);
    // Nothing here scrolls: the link alone brings the panel in and loads it.
    await expect(page.getByTestId(loaded)).toBeVisible();
    for (const id of above) await expect(page.getByTestId(id)).toBeVisible();
    await expect(page.getByTestId('executor-timeline')).not.toHaveAttribute('data-rows', /^[01]$/);
    // Its title shows below the sticky top bar, though everything above it has grown since the browser's own scroll.
    const title = page.locator(`#${anchor}-title`);
    // Soft: each of these says something of its own about what went wrong.
    await expect.soft(title).toBeInViewport();
    await expect.soft.poll(async () => (await title.boundingBox())!.y - (await topBar.boundingBox())!.height, { message: `#${anchor}'s title below the top bar` }).toBeGreaterThanOrEqual(0);
    expect.soft(await detachedIds(page), `sections detached while the page loaded (#${anchor})`).toEqual([]);
    await shot(page, `deep-link-${anchor}`, { fullPage: false });
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
