// The dashboard behind a sign-in proxy (--auth proxy), as a person sees it: a browser that did
// not come through the proxy gets a page saying how to sign in; through it, alice sees only the
// namespace a RoleBinding lets her list pods in, and an application page she is watching says so
// when the binding is removed. Runs its own dashboard on the embedded clusters.

import type { AppsResponse } from '../lib/apiTypes';
import type { KubeTransport } from '../server/kube/kubeTransport';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';
import { SIGN_IN_PROXY_ADDRESS, startSignInProxy, type SignInProxy } from './signInProxy';

const RBAC = '/apis/rbac.authorization.k8s.io/v1/namespaces/spark-etl';

test.describe('signing in through a proxy', () => {
  // Its own dashboard: pages are opened by full URL, so the shared one is not started.
  test.use({ baseURL: 'http://127.0.0.1/' });
  test.skip(({ backend }) => backend !== 'embedded', 'identity does not depend on the cluster behind it (test/access covers both)');
  let server: DashboardServer;
  let proxy: SignInProxy;
  let api: KubeTransport;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    server = new DashboardServer('embedded', { simDir: '.sim-e2e-auth', args: ['--auth', 'proxy', '--trusted-proxies', `${SIGN_IN_PROXY_ADDRESS}/32`, '--access-cache-ttl', '1s', '--access-recheck-interval', '1s'] });
    await server.start();
    api = server.api();
    await api.requestJson('POST', `${RBAC}/roles`, { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'e2e-pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'get'] }] } });
    await api.requestJson('POST', `${RBAC}/rolebindings`, {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'e2e-alice' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'e2e-pod-reader' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }] },
    });
    proxy = await startSignInProxy(server.port, { user: 'alice', groups: ['analysts'] });
  });
  test.afterAll(async () => {
    await proxy?.close();
    await server?.dispose();
  });

  test('a browser that did not come through the sign-in proxy is told how to sign in', async ({ page, shot }) => {
    const res = await page.goto(`${server.url}/`);
    expect(res?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Sign in to see Spark applications' })).toBeVisible();
    await expect(page.getByTestId('sign-in-reason')).toContainText('did not come through the sign-in proxy');
    await shot(page, 'sign-in');
  });

  test('through the proxy, alice sees only spark-etl of prod on the overview and the wall; a page she watches says when her access ends, and her empty overview why', async ({ page, shot }) => {
    await page.goto(`${proxy.url}/`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live');
    await expect(page.locator('[data-app-key]').first()).toBeVisible({ timeout: 30_000 });
    const keys = await page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')!));
    expect(keys.every((k) => k.startsWith('prod/spark-etl/'))).toBe(true);
    await shot(page, 'sign-in-overview-alice');

    // The wall shows her the same: only spark-etl of prod.
    await page.goto(`${proxy.url}/wall?interval=600`);
    await expect(page.getByTestId('wall-tile').first()).toBeVisible({ timeout: 30_000 });
    const tiles = await page.getByTestId('wall-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')!));
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((k) => k.startsWith('prod/spark-etl/'))).toBe(true);
    await shot(page, 'sign-in-wall-alice', { fullPage: false });

    const { apps } = (await (await page.request.get(`${proxy.url}/api/apps`)).json()) as AppsResponse;
    const running = apps.find((a) => a.driver?.state === 'running') ?? apps[0];
    await page.goto(`${proxy.url}/apps/prod/spark-etl/${running.appId}`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live');
    await api.requestJson('DELETE', `${RBAC}/rolebindings/e2e-alice`);
    await expect(page.getByTestId('access-ended')).toHaveText(`This view ended: you (alice, groups: analysts) may not list pods in spark-etl of prod.`, { timeout: 15_000 });
    await shot(page, 'sign-in-access-ended');

    // Her overview, now empty, says why instead of looking like a cluster without Spark.
    await page.goto(`${proxy.url}/`);
    await expect(page.getByText('No application you may see')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(/you \(alice, groups: analysts\) may not list pods in any namespace that holds Spark applications/)).toBeVisible();
    await expect(page.getByText(/spark-adhoc|spark-ml/)).toHaveCount(0);
    await shot(page, 'sign-in-nothing-readable', { fullPage: false });
  });
});
