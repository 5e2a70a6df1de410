import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createTestApp } from './sparkApp';

async function critical(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test('the overview has no critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-app-key]').first()).toBeVisible();
  expect(await critical(page)).toEqual([]);
});

test('the application page and its drawer have no critical accessibility violations', async ({ page, api }) => {
  const app = await createTestApp(api, 2);
  await page.goto(`/apps/${app.namespace}/${app.appId}`);
  await expect(page.getByTestId('executor-timeline')).toHaveAttribute('data-rows', '3');
  expect(await critical(page)).toEqual([]);
  await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 1' }).click();
  await expect(page.getByTestId('executor-drawer')).toBeVisible();
  expect(await critical(page)).toEqual([]);
});

test('dark theme renders the application page without critical violations', async ({ page, api, shot }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const app = await createTestApp(api, 2);
  await page.goto(`/apps/${app.namespace}/${app.appId}`);
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByTestId('executor-timeline')).toHaveAttribute('data-rows', '3');
  expect(await critical(page)).toEqual([]);
  await shot(page, 'application-dark');
});
