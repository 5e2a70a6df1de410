import type { Page } from '@playwright/test';
import type { AppsResponse } from '../lib/apiTypes';
import { expect, test } from './fixtures';

async function tableApps(page: Page): Promise<Record<string, unknown>> {
  const rows = await page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-app-key'), JSON.parse(e.getAttribute('data-counts') ?? '{}')]));
  return Object.fromEntries(rows);
}

async function apiApps(page: Page): Promise<Record<string, unknown>> {
  const body = (await (await page.request.get('/api/apps')).json()) as AppsResponse;
  return Object.fromEntries(body.apps.map((a) => [a.key, a.counts]));
}

test('the overview lists every application with the same counts as the JSON API', async ({ page, shot }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live');
  await expect(page.locator('[data-app-key]').first()).toBeVisible();
  // The simulated workload never stops: compare until one moment where both agree.
  await expect.poll(async () => {
    const [shown, served] = [await tableApps(page), await apiApps(page)];
    return Object.keys(served).length > 5 && JSON.stringify(Object.entries(shown).sort()) === JSON.stringify(Object.entries(served).sort());
  }, { timeout: 30_000, intervals: [250] }).toBe(true);
  await expect(page.getByTestId('cluster-totals')).toContainText('Running');
  await shot(page, 'overview');
});

test('filters live in the URL, survive a reload and can be cleared', async ({ page, shot }) => {
  // Search for the spark-ml application with the most running executors: it stays listed under "Running".
  let target = '';
  await expect.poll(async () => {
    const { apps } = (await (await page.request.get('/api/apps')).json()) as AppsResponse;
    const best = apps.filter((a) => a.namespace === 'spark-ml' && a.appName && a.counts.running > 0).sort((a, b) => b.counts.running - a.counts.running)[0];
    target = best?.appName ?? '';
    return target;
  }, { message: 'a spark-ml application with running executors', timeout: 30_000 }).not.toBe('');
  await page.goto('/?ns=spark-ml');
  await expect(page.locator('[data-app-key]').first()).toBeVisible();
  const keys = await page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')!));
  expect(keys.length).toBeGreaterThan(0);
  expect(keys.every((k) => k.split('/')[1] === 'spark-ml')).toBe(true);
  await expect(page.getByLabel('Namespace')).toHaveValue('spark-ml');

  await page.getByRole('button', { name: 'Running', exact: true }).click();
  await expect(page).toHaveURL(/state=running/);
  await page.getByRole('searchbox').fill(target);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(target)}`));
  await page.reload();
  await expect(page.getByRole('searchbox')).toHaveValue(target);
  await expect(page.getByRole('button', { name: 'Running', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const filtered = page.locator('[data-app-key]');
  await expect(filtered.first()).toBeVisible();
  await expect(page.locator(`[data-app-key*="/spark-ml/"]`).filter({ hasText: target }).first()).toBeVisible();
  for (const row of await filtered.all()) await expect(row).toContainText(target);
  await shot(page, 'overview-filtered');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/q=|state=|ns=/);
  await expect.poll(() => page.locator('[data-app-key]').count()).toBeGreaterThan(keys.length);
});

test('sorting by a column is reflected in the URL and in the rows', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-app-key]').first()).toBeVisible();
  await page.getByRole('button', { name: /^Executors/ }).click();
  await expect(page).toHaveURL(/sort=executors/);
  const totals = async () => page.locator('[data-app-key]').evaluateAll((els) => els.map((e) => Object.values(JSON.parse(e.getAttribute('data-counts')!) as Record<string, number>).reduce((a, b) => a + b, 0)));
  await expect.poll(async () => { const t = await totals(); return t.every((v, i) => i === 0 || t[i - 1] <= v); }).toBe(true);
  await page.getByRole('button', { name: /^Executors/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
});
