import { expect, test } from './fixtures';
import { createTestApp } from './sparkApp';

test('a pod status change made through the Kubernetes API shows on the open application page, and the drawer opens with that pod', async ({ page, api, shot }) => {
  const app = await createTestApp(api, 3);
  await page.goto(`/apps/${app.namespace}/${app.appId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(app.appName.toLowerCase().replace(/ /g, '-'));
  const counts = page.getByTestId('app-state-counts');
  await expect(counts.locator('[data-state=running]')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('executor-timeline')).toHaveAttribute('data-rows', '4');
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });

  await app.failExecutor(2, 137, 'OOMKilled');

  await expect(counts.locator('[data-state=failed]')).toHaveAttribute('data-count', '1');
  await expect(counts.locator('[data-state=running]')).toHaveAttribute('data-count', '2');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // The timeline, read with the keyboard: driver, executor 1, executor 2.
  const plot = page.getByRole('application', { name: /Executor timeline/ });
  await plot.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Executor 2' })).toContainText('Failed');
  await shot(page, 'application-after-failure');

  await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 2' }).click();
  const drawer = page.getByTestId('executor-drawer');
  await expect(drawer).toHaveAttribute('data-pod', app.executorName(2));
  await expect(drawer.getByRole('heading', { name: 'Executor 2' })).toBeVisible();
  await expect(drawer).toContainText('OOMKilled');
  await expect(drawer.locator('[data-container="spark-kubernetes-executor"]')).toContainText('exit 137');
  await expect(drawer.getByTestId('drawer-transitions')).toContainText('Failed');
  await drawer.getByText("What Spark's driver logs for this loss").click();
  await expect(drawer.getByTestId('spark-loss-message')).toContainText('The executor with id 2 exited with exit code 137(SIGKILL, possible container OOM).');
  await shot(page, 'application-drawer', { fullPage: false });
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
});

test('the timeline draws and the executors table sorts', async ({ page, api, shot }) => {
  const app = await createTestApp(api, 5);
  await page.goto(`/apps/${app.namespace}/${app.appId}`);
  const timeline = page.getByTestId('executor-timeline');
  await expect(timeline).toHaveAttribute('data-rows', '6');
  const draws = Number(await timeline.getAttribute('data-draws'));
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => Number(await timeline.getAttribute('data-draws'))).toBeGreaterThan(draws);
  const table = page.getByTestId('executor-table');
  await table.getByRole('button', { name: /^ID/ }).click();
  const ids = await table.locator('[data-pod]').evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')!));
  expect(ids[0]).toBe(app.executorName(5));
  await shot(page, 'application');
});
