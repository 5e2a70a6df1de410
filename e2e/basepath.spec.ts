import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';

test('the whole dashboard works under a base path, behind a reverse proxy', async ({ page, backend, shot }) => {
  test.skip(backend !== 'embedded', 'the base path does not depend on the cluster');
  test.setTimeout(420_000);
  const server = new DashboardServer('embedded', { basePath: '/spark', simDir: '.sim-e2e-base' });
  await server.start();
  try {
    expect((await page.request.get(`${server.origin}/api/apps`)).status()).toBe(404);
    expect(await (await page.request.get(`${server.origin}/`)).text()).toContain('served under /spark/');
    const apps = await page.request.get(`${server.url}/api/apps`);
    expect(apps.ok()).toBe(true);
    expect((await page.request.get(`${server.url}/readyz`)).ok()).toBe(true);

    await page.goto(`${server.url}/`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live');
    await expect(page.locator('[data-app-key]').first()).toBeVisible();
    await page.locator('[data-app-key] a').first().click();
    await expect(page).toHaveURL(new RegExp(`^${server.url}/apps/`));
    await expect(page.getByTestId('executor-timeline')).toBeVisible();
    await shot(page, 'base-path-application');
  } finally {
    await server.stop();
  }
});
