// A long overview, as on a cluster with hundreds of Spark applications: the table keeps only
// the rows near the viewport in the DOM, and still behaves as one table: every application
// is counted, scrolling reaches the last one, sorting and filtering work on all of them, and a
// live change to an application far down the list shows when it is scrolled into view.
// A dashboard of its own watches one namespace of a fresh embedded cluster, where the test
// writes 300 Spark drivers through the Kubernetes API.

import type { Page } from '@playwright/test';
import { sparkDriverPod } from '../lib/spark/testing/podFixtures';
import { createNamespace, createPod, patchPodStatus, statusOf } from '../test/contract/kubeOps';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';

const APPS = 300;
const NAMESPACE = 'e2e-long';
const nameOf = (i: number) => `long-job-${String(i).padStart(3, '0')}`;

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'embedded', 'the table is the browser\'s; this test brings its own embedded cluster and dashboard whatever the backend');
});

const rowsInDom = (page: Page) => page.locator('[data-app-key]').count();

test('a long overview renders only what is near the viewport and still sorts, filters, scrolls and updates live', async ({ page, shot }) => {
  test.setTimeout(300_000);
  const dashboard = new DashboardServer('embedded', { simDir: '.sim-e2e-long', args: ['--sim-clusters', '1', '--namespaces', NAMESPACE] });
  await dashboard.start();
  try {
    const api = dashboard.api();
    await createNamespace(api, NAMESPACE);
    const drivers = Array.from({ length: APPS }, (_, i) => sparkDriverPod({ namespace: NAMESPACE, appId: `spark-long${String(i).padStart(4, '0')}`, appName: nameOf(i), phase: 'Running' }));
    for (let i = 0; i < drivers.length; i += 25) {
      await Promise.all(drivers.slice(i, i + 25).map(async (d) => {
        await createPod(api, NAMESPACE, d, { nodeName: 'ip-10-0-9-99.ec2.internal' });
        await patchPodStatus(api, NAMESPACE, d.metadata!.name!, statusOf(d));
      }));
    }

    await page.goto(`${dashboard.url}/?sort=name&dir=asc`);
    await expect(page.getByText(`${APPS} of ${APPS} shown`)).toBeVisible({ timeout: 30_000 });
    const table = page.getByTestId('app-table');
    await expect(table).toHaveAttribute('data-virtual', 'true');
    await expect(table).toHaveAttribute('aria-rowcount', String(APPS + 1));
    await expect(page.locator('[data-app-key]').first()).toContainText(nameOf(0));
    expect(await rowsInDom(page)).toBeLessThan(80);
    await shot(page, 'overview-long');

    // Scrolling to the end of the page reaches the last application, still with few rows in the DOM.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = page.locator('[data-app-key]').filter({ hasText: nameOf(APPS - 1) });
    await expect(last).toBeInViewport();
    expect(await rowsInDom(page)).toBeLessThan(80);
    await expect(last).toHaveAttribute('aria-rowindex', String(APPS + 1));

    // A live change far down the list shows on its row.
    const lastDriver = drivers[APPS - 1];
    await patchPodStatus(api, NAMESPACE, lastDriver.metadata!.name!, statusOf(sparkDriverPod({ namespace: NAMESPACE, appId: 'spark-long0299', appName: nameOf(APPS - 1), phase: 'Failed' })));
    await expect(last).toHaveAttribute('data-driver-state', 'failed');
    await shot(page, 'overview-long-end', { fullPage: false });

    // Sorting covers every application, not only the rendered rows.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Application' }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect(page.locator('[data-app-key]').first()).toContainText(nameOf(APPS - 1));

    // A filter that leaves a short list renders it whole.
    await page.getByRole('searchbox').fill('long-job-12');
    await expect(page.getByText(`10 of ${APPS} shown`)).toBeVisible();
    await expect(table).not.toHaveAttribute('data-virtual', 'true');
    await expect(page.locator('[data-app-key]')).toHaveCount(10);
  } finally {
    await dashboard.dispose();
  }
});
