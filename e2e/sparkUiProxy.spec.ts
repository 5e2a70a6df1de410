// --spark-ui-proxy as a person meets it: on the embedded cluster, a running application's
// header offers "Spark UI (via dashboard)", and following it opens the driver's (simulated)
// Spark UI in a new tab, through the dashboard and the API server's service proxy.

import type { AppDriverResponse, AppsResponse } from '../lib/apiTypes';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';

test("a running application's page links its Spark UI through the dashboard, and the link opens it", async ({ page, backend, shot }) => {
  test.skip(backend !== 'embedded', 'the simulated Spark UI answers only on the embedded cluster (a real API server has no kubelet behind it)');
  test.setTimeout(420_000);
  const server = new DashboardServer('embedded', { simDir: '.sim-e2e-spark-ui', args: ['--spark-ui-proxy'] });
  await server.start();
  try {
    // A running application whose driver's UI the dashboard can reach (its Service is known).
    let found: { cluster: string; namespace: string; appId: string; href: string } | null = null;
    await expect.poll(async () => {
      const apps = await (await page.request.get(`${server.url}/api/apps`)).json() as AppsResponse;
      for (const a of apps.apps.filter((x) => x.driver?.state === 'running' && x.executors > 0)) {
        const driver = await (await page.request.get(`${server.url}/api/apps/${a.cluster}/${a.namespace}/${a.appId}/driver`)).json() as AppDriverResponse;
        if (driver.links?.sparkUiProxy) return (found = { cluster: a.cluster, namespace: a.namespace, appId: a.appId, href: driver.links.sparkUiProxy }) && true;
      }
      return false;
    }, { timeout: 120_000, intervals: [1000] }).toBe(true);
    const app = found!;
    expect(app.href).toBe(`/spark-ui/${app.cluster}/${app.namespace}/${app.appId}/`);

    await page.goto(`${server.url}/apps/${app.cluster}/${app.namespace}/${app.appId}`);
    const link = page.getByTestId('link-spark-ui-proxy');
    await expect(link).toHaveText('Spark UI (via dashboard)↗');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
    await shot(page, 'spark-ui-proxy-header', { locator: link.locator('xpath=ancestor::div[contains(@class, "rounded-lg")][1]') });

    const [ui] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await ui.waitForLoadState();
    expect(ui.url()).toBe(`${server.url}${app.href}`);
    await expect(ui.getByRole('heading', { name: 'Spark Jobs' })).toBeVisible();
    await expect(ui.locator('#app-id')).toHaveText(app.appId);
    await expect(ui.locator('#jobs tbody tr').first()).toBeVisible();
    await shot(ui, 'spark-ui-proxy-page');
    // Its own links stay inside the proxied UI.
    await ui.getByRole('link', { name: 'Executors' }).click();
    await expect(ui).toHaveURL(`${server.url}${app.href}executors/`);
    await expect(ui.getByRole('heading', { name: 'Executors' })).toBeVisible();
    await expect(ui.locator('#executors')).toContainText('driver');
    await ui.close();
  } finally {
    await server.stop();
  }
});
