// Several clusters in one dashboard, as a person sees them: a card per cluster with its own
// health (a cluster whose API server is gone says so on its card, the others carry on), a
// cluster column and filter that live in the URL, application pages at cluster-qualified
// URLs, old single-cluster links that still open the right page, and a wall limited to one
// cluster. The embedded dashboard runs two clusters (prod, staging); this test starts one more
// dashboard on the same embedded clusters plus a third context whose API server is not there.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { AppsResponse } from '../lib/apiTypes';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';
import { freePort } from '../test/k8s/controlPlane';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'embedded', 'the embedded backend is the one with two clusters (prod, staging); the real kube-apiserver project runs one');
});

/** The embedded clusters' kubeconfig plus a context `gone` whose API server does not listen. */
async function kubeconfigWithADeadCluster(simKubeconfig: string): Promise<string> {
  const kc = new KubeConfig();
  kc.loadFromFile(simKubeconfig);
  const prod = kc.clusters.find((c) => c.name === 'prod')!;
  const user = kc.users.find((u) => u.name === 'prod-admin')!;
  const dead = await freePort();
  kc.addCluster({ ...prod, name: 'gone', server: `https://127.0.0.1:${dead}` });
  kc.addContext({ name: 'gone', cluster: 'gone', user: user.name });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spd-e2e-clusters-')), 'kubeconfig');
  fs.writeFileSync(file, kc.exportConfig(), { mode: 0o600 });
  return file;
}

test('two clusters on the overview: cards with their own health, a column, a filter in the URL; a degraded one shows as such', async ({ page, server, shot }) => {
  test.setTimeout(300_000);
  const kubeconfig = await kubeconfigWithADeadCluster(server.kubeconfigPath);
  const dashboard = new DashboardServer('embedded', { kubeconfig, args: ['--contexts', 'prod,staging,gone', '--api-probe-interval', '1s', '--api-probe-timeout', '1s'] });
  await dashboard.start();
  try {
    await page.goto(`${dashboard.url}/`);
    const cards = page.getByTestId('cluster-cards');
    await expect(cards.locator('[data-cluster="prod"]')).toHaveAttribute('data-status', 'healthy');
    await expect(cards.locator('[data-cluster="staging"]')).toHaveAttribute('data-status', 'healthy');
    await expect(cards.locator('[data-cluster="gone"]')).not.toHaveAttribute('data-status', 'healthy');
    await expect(cards.locator('[data-cluster="gone"]').getByTestId('cluster-problem')).toContainText(/not answered|failing|refused/);
    // The others carry on: their applications are listed with their cluster.
    await expect(page.locator('[data-app-key^="staging/"]').first()).toBeVisible();
    await expect(page.locator('[data-app-key^="prod/"]').first()).toBeVisible();
    await expect(page.getByTestId('app-table').locator('[data-testid="app-cluster"]').first()).toBeVisible();
    await shot(page, 'overview-three-clusters-one-down', { fullPage: false });

    await page.getByTestId('cluster-filter').selectOption('staging');
    await expect(page).toHaveURL(/cluster=staging/);
    await page.reload();
    await expect(page.getByTestId('cluster-filter')).toHaveValue('staging');
    await expect(page.locator('[data-app-key]').first()).toBeVisible();
    const keys = await page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')!));
    expect(keys.every((k) => k.startsWith('staging/'))).toBe(true);
    await expect(page.getByRole('heading', { name: 'Executors in staging' })).toBeVisible();
    // A card filters too, and a second click clears.
    await cards.locator('[data-cluster="prod"]').click();
    await expect(page).toHaveURL(/cluster=prod/);
    await cards.locator('[data-cluster="prod"]').click();
    await expect(page).not.toHaveURL(/cluster=/);
  } finally {
    await dashboard.stop();
  }
});

test('an application page at its cluster-qualified URL; an old single-cluster link opens the same page', async ({ page, shot }) => {
  let app: AppsResponse['apps'][number] | undefined;
  await expect.poll(async () => {
    app = ((await (await page.request.get('/api/apps?cluster=staging')).json()) as AppsResponse).apps.find((a) => a.executors > 0 && a.present > 0);
    return app?.key ?? null;
  }, { message: 'an application of staging with executors', timeout: 60_000 }).not.toBeNull();
  app = app!;
  await page.goto('/?cluster=staging');
  await page.locator(`[data-app-key="${app.key}"] a`).first().click();
  await expect(page).toHaveURL(new RegExp(`/apps/staging/${app.namespace}/${app.appId}$`));
  await expect(page.getByTestId('app-cluster')).toHaveText('staging');
  await expect(page.getByTestId('breadcrumb-cluster')).toHaveText('staging');
  await expect(page.getByTestId('executor-timeline')).toBeVisible();
  await shot(page, 'application-cluster-qualified', { fullPage: false });

  // Before several clusters, links named namespace and app only: they are redirected.
  await page.goto(`/apps/${app.namespace}/${app.appId}`);
  await expect(page).toHaveURL(new RegExp(`/apps/staging/${app.namespace}/${app.appId}$`));
  await expect(page.getByTestId('app-cluster')).toHaveText('staging');
  const res = await page.request.get(`/api/apps/${app.namespace}/${app.appId}/driver`);
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { summary: { cluster: string } }).summary.cluster).toBe('staging');
});

test('the wall limited to one cluster', async ({ page, shot }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/wall?cluster=prod&interval=600');
  await expect(page.getByTestId('wall-tile').first()).toBeVisible();
  const clusters = await page.getByTestId('wall-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-cluster')));
  expect(new Set(clusters)).toEqual(new Set(['prod']));
  await expect(page.getByTestId('wall')).toContainText('in prod');
  await shot(page, 'wall-cluster-prod', { fullPage: false });
});
