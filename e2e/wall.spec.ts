import { expect, test } from './fixtures';

test('the wall rotates through its views and reads well at 1080p and 4K', async ({ page, shot }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/wall?interval=3');
  const wall = page.getByTestId('wall');
  await expect(wall).toHaveAttribute('data-view', 'grid');
  await expect(page.getByTestId('wall-tile').first()).toBeVisible();
  await expect(page.getByTestId('wall-status')).toHaveAttribute('data-status', 'live');
  await shot(page, 'wall-1920x1080', { fullPage: false });
  const failedTiles = page.locator('[data-testid="wall-tile"][data-attention="failed"]');
  if (await failedTiles.count()) await expect(failedTiles.first()).toContainText('FAILED');
  // The wall rotates: the step counts on (on a slow machine it may be past 1 already).
  await expect.poll(async () => Number(await wall.getAttribute('data-step')), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  await expect(wall).toHaveAttribute('data-view', 'app', { timeout: 15_000 });
  await expect(page.getByTestId('wall-app').getByTestId('executor-timeline')).toBeVisible();
  await shot(page, 'wall-app-1920x1080', { fullPage: false });

  await page.setViewportSize({ width: 3840, height: 2160 });
  await page.goto('/wall?interval=600');
  await expect(page.getByTestId('wall-tile').first()).toBeVisible();
  await shot(page, 'wall-3840x2160', { fullPage: false });
});

test('the wall survives a server restart and reloads itself when the server is upgraded', async ({ page, server }) => {
  await page.goto('/wall?interval=600');
  const status = page.getByTestId('wall-status');
  await expect(status).toHaveAttribute('data-status', 'live');
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });

  try {
    await server.stop();
    await expect(status).toHaveAttribute('data-status', 'reconnecting');
    await server.start();
    await expect(status).toHaveAttribute('data-status', 'live', { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // Same server, new version: the wall reloads by itself.
    await server.stop();
    await server.start({ DASHBOARD_BUILD_ID: `upgrade-${Date.now()}` });
    await page.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined, undefined, { timeout: 60_000 });
    await expect(page.getByTestId('wall-status')).toHaveAttribute('data-status', 'live');
  } finally {
    // The server is shared by the whole run: leave it running, with the ordinary build id.
    await server.stop();
    await server.start();
  }
});
