// The why beside a pending application, on the embedded cluster's "unschedulable" story
// (executors far bigger than any node's free CPU): the overview row, the application's Why
// panel, the executor table's reason column and the drawer, and the wall tile each say in
// words that the nodes lack CPU, with the scheduler's message one click away. Its events are
// listed in the Events panel and marked on the pending executors' timeline rows, and the Why
// and Events panels embed.

import type { Page } from '@playwright/test';
import type { WhySummaryResponse } from '../lib/apiTypes';
import { createNamespace, startSparkApp, uniqueName } from '../test/contract/kubeOps';
import { expect, test } from './fixtures';
import { NODE } from './sparkApp';
import { hoverEventTick } from './timelineTicks';

/** An application whose first cause is that nodes lack cpu, as the server reports it now. */
async function starvedApp(page: Page): Promise<{ key: string; text: string } | null> {
  // The shared server may be coming back from an earlier test's restart: ask again then.
  const res = await page.request.get('/api/why').catch(() => null);
  if (!res?.ok()) return null;
  const body = (await res.json()) as WhySummaryResponse;
  const hit = Object.entries(body.apps).find(([, g]) => g.kind === 'scheduling' && g.state === 'pending' && /of \d+ nodes lack cpu/.test(g.text));
  return hit ? { key: hit[0], text: hit[1].text } : null;
}

test('a pending application says why: overview, Why panel, executor table, drawer and wall tile', async ({ page, shot }) => {
  let app: { key: string; text: string } | null = null;
  await expect.poll(async () => (app = await starvedApp(page)), { message: 'an application starved of CPU', timeout: 90_000, intervals: [2000] }).not.toBeNull();
  const [cluster, namespace, appId] = app!.key.split('/');

  await page.goto(`/?q=${encodeURIComponent(appId)}`);
  const row = page.locator(`tr[data-app-key="${app!.key}"]`);
  await expect(row.getByTestId('app-why')).toContainText(/pending: \d+ of \d+ nodes lack cpu/, { timeout: 20_000 });
  await shot(page, 'why-overview', { fullPage: false });

  await page.goto(`/apps/${cluster}/${namespace}/${appId}`);
  const why = page.getByTestId('why-panel');
  await expect(why).toBeVisible({ timeout: 20_000 });
  const group = why.locator('[data-testid="why-group"][data-cause-kind="scheduling"]').first();
  await expect(group).toContainText(/of \d+ nodes lack cpu/);
  await group.getByText('What Kubernetes said').click();
  await expect(group.getByTestId('why-message')).toContainText(/0\/\d+ nodes are available: \d+ Insufficient cpu/);
  await shot(page, 'why-panel', { fullPage: false });

  // The pending executors' FailedScheduling events are ticks on their timeline rows: hovering
  // one says what the scheduler said; clicking the row still opens the pod.
  const { timeline, x, y } = await hoverEventTick(page);
  const tooltip = timeline.getByTestId('timeline-tooltip');
  await expect(tooltip.getByTestId('tooltip-event').first()).toHaveAttribute('data-event-reason', 'FailedScheduling');
  await expect(tooltip).toContainText(/0\/\d+ nodes are available: \d+ Insufficient cpu/);
  await expect(timeline.getByRole('list', { name: 'Legend' })).toContainText('Warning event');
  await shot(page, 'why-timeline-tick', { locator: timeline });
  await page.mouse.click(x, y);
  // The ticked row's pod (pending now, or one that has since left) with the event in its drawer.
  const tickedPod = page.getByTestId('executor-drawer');
  await expect(tickedPod.getByTestId('event-list')).toContainText('FailedScheduling', { timeout: 20_000 });
  await page.keyboard.press('Escape');

  // The Events panel lists them, newest first, each with its pod; Warnings only keeps them all here.
  const events = page.getByTestId('events-panel');
  await page.locator('#events').scrollIntoViewIfNeeded();
  await expect(events.locator('[data-event-reason="FailedScheduling"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(events.getByTestId('event-item').first()).toContainText(/Insufficient cpu/);
  const listed = Number(await events.getAttribute('data-events'));
  await page.getByTestId('events-warnings-only').check();
  await expect(events).toHaveAttribute('data-events', /\d+/);
  expect(Number(await events.getAttribute('data-events'))).toBeLessThanOrEqual(listed);
  await expect(events.locator('[data-event-type="Normal"]')).toHaveCount(0);
  await shot(page, 'why-events-panel', { locator: page.locator('#events') });
  const firstItem = events.getByTestId('event-item').first();
  const podName = await firstItem.getAttribute('data-pod');
  await firstItem.getByRole('button').first().click();
  await expect(page.getByTestId('executor-drawer')).toHaveAttribute('data-pod', podName!);
  await page.keyboard.press('Escape');

  // Both embed, chrome-less.
  await page.goto(`/embed/apps/${cluster}/${namespace}/${appId}/why?theme=light`);
  await expect(page.getByTestId('embed-frame')).toHaveAttribute('data-panel', 'why');
  await expect(page.getByTestId('why-panel')).toContainText(/of \d+ nodes lack cpu/, { timeout: 20_000 });
  await shot(page, 'why-embed-why');
  await page.goto(`/embed/apps/${cluster}/${namespace}/${appId}/events?theme=dark`);
  await expect(page.getByTestId('embed-frame')).toHaveAttribute('data-panel', 'events');
  await expect(page.getByTestId('events-panel').locator('[data-event-reason="FailedScheduling"]').first()).toBeVisible({ timeout: 20_000 });
  await shot(page, 'why-embed-events');
  await page.goto(`/apps/${cluster}/${namespace}/${appId}`);

  // Pending executors may sit below the visible rows (the table is virtualised): sort by state
  // until they are at the top, one way or the other.
  const table = page.getByTestId('executor-table');
  const caused = table.locator('[data-cause="scheduling"]').first();
  await expect.poll(async () => {
    if (await caused.count()) return true;
    await table.getByRole('button', { name: 'State' }).click();
    return false;
  }, { message: 'a pending executor with its cause in the table', timeout: 30_000, intervals: [2000] }).toBe(true);
  await expect(caused).toContainText(/nodes lack cpu/);
  const pendingRow = table.locator('[role="row"][data-state="pending"]').first();
  await pendingRow.click();
  const drawer = page.getByTestId('executor-drawer');
  await expect(drawer.getByText('Why it is pending')).toBeVisible();
  await expect(drawer.getByTestId('cause-text')).toContainText(/nodes lack cpu/);
  await expect(drawer.getByTestId('event-list')).toContainText('FailedScheduling', { timeout: 20_000 });
  await shot(page, 'why-drawer', { fullPage: false });
  await page.keyboard.press('Escape');

  await page.goto(`/wall?app=${encodeURIComponent(appId)}&interval=600`);
  await expect(page.getByTestId('wall-why').first()).toContainText(/pending: \d+ of \d+ nodes lack cpu/, { timeout: 20_000 });
  await shot(page, 'why-wall', { fullPage: false });
});

test('a failed driver shows its exception at the top of its page; an OOM-killed executor\'s drawer shows its log tail', async ({ page, api, backend, shot }) => {
  const namespace = uniqueName('e2e-logs');
  await createNamespace(api, namespace);
  const app = await startSparkApp(api, namespace, 'log-tails', 2, NODE);
  await app.fail(2);
  await app.failDriver();
  await page.goto(`/apps/${namespace}/${app.appId}`);
  const why = page.getByTestId('why-panel');
  if (backend === 'embedded') {
    const exception = why.getByTestId('why-driver').getByTestId('logged-exception');
    await expect(exception).toContainText('org.apache.spark.SparkException: Job aborted due to stage failure', { timeout: 30_000 });
    await expect(exception).toContainText('Caused by: java.lang.OutOfMemoryError: Java heap space');
    await shot(page, 'why-driver-exception', { fullPage: false });
  }
  await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 2' }).click();
  const drawer = page.getByTestId('executor-drawer');
  if (backend === 'embedded') {
    await expect(drawer.getByTestId('log-tail')).toBeVisible({ timeout: 30_000 });
    await expect(drawer.getByTestId('logged-exception')).toContainText('java.lang.OutOfMemoryError: Java heap space');
    await expect(drawer.getByTestId('log-tail-text')).toContainText('ERROR Executor: Exception in task');
  } else {
    // A bare kube-apiserver has no kubelet: the drawer says there is no log, and why.
    await expect(drawer.getByText('No log tail')).toBeVisible({ timeout: 30_000 });
  }
  await shot(page, 'why-log-tail', { fullPage: false });
});
