import type { AppsResponse } from '../lib/apiTypes';
import { expect, test } from './fixtures';

test('stopping and restarting the server shows reconnecting, then live and correct data again, without a reload', async ({ page, server, shot }) => {
  await page.goto('/');
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-status', 'live');
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 7; });

  await server.stop();
  try {
    await expect(status).toHaveAttribute('data-status', 'reconnecting');
    await expect(status).toContainText('Reconnecting');
    await expect(page.getByRole('alert').filter({ hasText: 'unreachable' })).toBeVisible();
    await shot(page, 'reconnecting');
  } finally {
    // The server is shared by the whole run: start it again even when a check above failed.
    await server.start();
  }
  await expect(status).toHaveAttribute('data-status', 'live', { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
  await expect.poll(async () => {
    const body = (await (await page.request.get('/api/apps')).json()) as AppsResponse;
    const served = Object.fromEntries(body.apps.map((a) => [a.key, a.counts]));
    const shown = Object.fromEntries(await page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-app-key'), JSON.parse(e.getAttribute('data-counts') ?? '{}')])));
    return Object.keys(served).length > 0 && JSON.stringify(Object.entries(shown).sort()) === JSON.stringify(Object.entries(served).sort());
  }, { timeout: 30_000, intervals: [250] }).toBe(true);
  await shot(page, 'reconnected');
});
