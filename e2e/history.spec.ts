// History as a person uses it: a Spark application runs, fails and is cleaned up; the
// dashboard forgets it from its live view (short retention) and is restarted; History finds
// it, pages through the record, and opens its page from the record. Time travel, by `?at=`
// and by the cursor under the timeline, shows the executors in the states the JSON API gives
// for that moment. A dashboard of its own (one embedded cluster, 15 s retention) so the test
// can restart it and own its history.

import type { Page } from '@playwright/test';
import type { AppAtResponse, AppHistoryResponse, HistoryAppsResponse } from '../lib/apiTypes';
import { failedExecutor, pendingExecutor, runningExecutor, sparkDriverPod } from '../lib/spark/testing/podFixtures';
import { createNamespace, createPod, deletePod, patchPodStatus, statusOf, uniqueName } from '../test/contract/kubeOps';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';

const NODE = 'ip-10-0-9-98.ec2.internal';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'embedded', 'the record is the same whatever the cluster; a restart over a real kube-apiserver is covered by test/history/restart.test.ts');
});

/** The executor table's state per pod name. */
const tableStates = (page: Page) => page.locator('[data-testid=executor-table] [data-pod]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-pod'), e.getAttribute('data-state')])));

test('History finds an application after a restart, pages through the record, opens it, and travels in time', async ({ page, shot }) => {
  test.setTimeout(300_000);
  const dashboard = new DashboardServer('embedded', { simDir: '.sim-e2e-history', args: ['--sim-clusters', '1', '--retention', '15s', '--history-interval', '200ms'] });
  await dashboard.start();
  try {
    const api = dashboard.api();
    const namespace = uniqueName('e2e-hist');
    await createNamespace(api, namespace);
    const opts = { namespace, appId: `spark-hist${Date.now().toString(16)}`, appName: 'nightly-ledger-rebuild' };
    const driver = sparkDriverPod({ ...opts, phase: 'Running' });
    await createPod(api, namespace, driver, { nodeName: NODE });
    await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(driver));
    for (const id of [1, 2, 3]) {
      await createPod(api, namespace, pendingExecutor(id, opts), { nodeName: NODE });
      await patchPodStatus(api, namespace, runningExecutor(id, opts).metadata!.name!, statusOf(runningExecutor(id, opts)));
    }
    await new Promise((r) => setTimeout(r, 2000));
    await patchPodStatus(api, namespace, runningExecutor(1, opts).metadata!.name!, statusOf(failedExecutor(1, { ...opts, exitCode: 137, reason: 'OOMKilled' })));
    await patchPodStatus(api, namespace, driver.metadata!.name!, statusOf(sparkDriverPod({ ...opts, phase: 'Failed', exitCode: 1 })));
    await new Promise((r) => setTimeout(r, 1000));
    for (const name of [driver.metadata!.name!, ...[1, 2, 3].map((id) => runningExecutor(id, opts).metadata!.name!)]) await deletePod(api, namespace, name, 0);

    const appPath = `/apps/prod/${namespace}/${opts.appId}`;
    // Past the retention the live view forgets it; then the dashboard restarts.
    await expect.poll(async () => (await (await page.request.get(`${dashboard.url}/api${appPath}/record`)).json()).source, { timeout: 60_000, intervals: [1000] }).toBe('history');
    const restartedAt = Date.now();
    await dashboard.stop();
    await dashboard.start();

    // History: search finds it, failed.
    await page.goto(`${dashboard.url}/history`);
    await expect(page.getByTestId('view-tabs').getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
    // The record is read, not followed: no live connection to claim.
    await expect(page.getByTestId('connection-status')).toHaveCount(0);
    await page.getByRole('searchbox').fill('ledger');
    await expect(page).toHaveURL(/q=ledger/);
    const row = page.locator(`[data-app-key="prod/${namespace}/${opts.appId}"]`);
    await expect(row).toHaveAttribute('data-final-state', 'failed');
    await expect(page.locator('[data-testid=history-table] tbody tr')).toHaveCount(1);
    await shot(page, 'history-search');

    // Pagination through the database: five per page, of the applications started before the
    // restart (the simulated workload goes on starting new ones, each of which would shift the pages).
    await page.goto(`${dashboard.url}/history?pageSize=5&to=${new Date(restartedAt).toISOString()}`);
    const served = (await (await page.request.get(`${dashboard.url}/api/history/apps?pageSize=5&to=${restartedAt}`)).json()) as HistoryAppsResponse;
    expect(served.total).toBeGreaterThan(5);
    await expect(page.getByTestId('history-range')).toHaveText(`1–5 of ${served.total}`);
    const first = await page.locator('[data-testid=history-table] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')));
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByTestId('history-range')).toHaveText(`6–${Math.min(10, served.total)} of ${served.total}`);
    const second = await page.locator('[data-testid=history-table] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')));
    expect(second.some((k) => first.includes(k))).toBe(false);
    await shot(page, 'history-page-2');

    // Opened from History: the application page reads it from the record.
    await page.goto(`${dashboard.url}/history?q=ledger`);
    await row.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`${appPath}$`));
    await expect(page.getByText("From the dashboard's history")).toBeVisible();
    await expect.poll(() => tableStates(page)).toEqual({
      [runningExecutor(1, opts).metadata!.name!]: 'deleted', [runningExecutor(2, opts).metadata!.name!]: 'deleted', [runningExecutor(3, opts).metadata!.name!]: 'deleted',
    });
    await shot(page, 'history-application');

    // Time travel by URL: a moment before executor 1 failed shows it running, as the API does.
    const atApi = async (t: number) => (await (await page.request.get(`${dashboard.url}/api${appPath}/at?t=${t}`)).json()) as AppAtResponse;
    const recorded = (await (await page.request.get(`${dashboard.url}/api${appPath}/history`)).json()) as AppHistoryResponse;
    const exec1 = recorded.pods.find((p) => p.executorId === 1)!.transitions;
    const whileRunning = Math.round((exec1.find((t) => t.state === 'running')!.at + exec1.find((t) => t.state === 'failed')!.at) / 2);
    await page.goto(`${dashboard.url}${appPath}?at=${new Date(whileRunning).toISOString()}`);
    const expected = Object.fromEntries((await atApi(whileRunning)).executors.map((e) => [e.name, e.state]));
    expect(Object.values(expected)).toEqual(['running', 'running', 'running']);
    await expect.poll(() => tableStates(page)).toEqual(expected);
    await expect(page.getByTestId('time-travel-at')).toContainText('As of');
    await shot(page, 'history-time-travel');

    // Time travel by the cursor: its start shows the application's first moment, as the API does.
    const cursor = page.getByRole('slider', { name: /Time travel/ });
    await cursor.focus();
    await cursor.press('Home');
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).not.toBe(new Date(whileRunning).toISOString());
    const t = Date.parse(new URL(page.url()).searchParams.get('at')!);
    const then = Object.fromEntries((await atApi(t)).executors.map((e) => [e.name, e.state]));
    await expect.poll(() => tableStates(page)).toEqual(then);
    await page.getByRole('button', { name: 'Back to the end' }).click();
    await expect(page).not.toHaveURL(/at=/);
  } finally {
    await dashboard.dispose();
  }
});
