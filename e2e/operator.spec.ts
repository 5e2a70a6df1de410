// Spark operator applications in the browser, on both backends. Resources the test drives
// itself (through the API, as the Kubeflow operator writes them): a job whose first attempt
// fails and whose retry runs, its page showing the state history, both attempts and what its
// spec asked for; a schedule with its runs, linked from a run's page. And what the simulated
// operator runs (sim/workload/scenarios/sparkOperatorApps.ts): a submission
// spark-submit refuses, a row with no pods on the overview and a failed tile on the wall, its
// page saying no pod was created; and the page of an operator application opened after its
// pods came moving to their Spark application.

import type { Page } from '@playwright/test';
import type { AppOperatorResponse, AppsResponse } from '../lib/apiTypes';
import type { OperatorRef } from '../lib/operator/operatorApp';
import type { AppSummary } from '../lib/snapshot/appSummary';
import { expect, test } from './fixtures';
import { sparkAppId, startOperatorStory, STORY_SPEC } from './operatorStory';

type OperatorRow = AppSummary & { operator: OperatorRef };

/** The overview's rows an operator runs, as the server reports them now (in the first cluster that has one). */
async function operatorRows(page: Page, match: (row: OperatorRow) => boolean): Promise<OperatorRow[]> {
  // The shared server may be coming back from an earlier test's restart: ask again then.
  const res = await page.request.get('/api/apps').catch(() => null);
  if (!res?.ok()) return [];
  const body = (await res.json()) as AppsResponse;
  return body.apps.filter((a): a is OperatorRow => !!a.operator && match(a as OperatorRow));
}

async function firstRow(page: Page, message: string, match: (row: OperatorRow) => boolean, timeout: number): Promise<OperatorRow> {
  let row: OperatorRow | undefined;
  await expect.poll(async () => (row = (await operatorRows(page, match))[0]), { message, timeout, intervals: [2000] }).toBeDefined();
  return row!;
}

async function operatorOf(page: Page, row: Pick<AppSummary, 'cluster' | 'namespace' | 'appId'>): Promise<AppOperatorResponse | null> {
  const res = await page.request.get(`/api/apps/${row.cluster}/${row.namespace}/${encodeURIComponent(row.appId)}/operator`).catch(() => null);
  return res?.ok() ? ((await res.json()) as AppOperatorResponse) : null;
}

const pagePath = (row: Pick<AppSummary, 'cluster' | 'namespace' | 'appId'>) => `/apps/${row.cluster}/${row.namespace}/${encodeURIComponent(row.appId)}`;

/** Waits until the dashboard shows the operator application in `rawState` (each state is seen on its own). */
async function seen(page: Page, cluster: string, namespace: string, name: string, rawState: string): Promise<void> {
  await expect.poll(async () => (await operatorOf(page, { cluster, namespace, appId: `operator:${name}` }))?.app?.rawState, {
    message: `${name} seen in ${rawState || 'its first state'}`, timeout: 90_000, intervals: [250],
  }).toBe(rawState);
}

async function clusterOf(page: Page): Promise<string> {
  const res = await page.request.get('/api/clusters');
  return ((await res.json()) as { clusters: { id: string }[] }).clusters[0].id;
}

test('an operator application\'s page: its state and history, both attempts, and its spec', async ({ page, api, shot }) => {
  test.setTimeout(180_000);
  const story = await startOperatorStory(api);
  const cluster = await clusterOf(page);
  const name = 'feature-backfill';
  const [first, second] = [sparkAppId(), sparkAppId()];
  await story.create('sparkapplications', { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name }, spec: STORY_SPEC });
  // An operator installed after the dashboard started is found by its next discovery (within a minute).
  await seen(page, cluster, story.namespace, name, '');
  // The first attempt runs, fails and is resubmitted with a new application id, as Kubeflow does.
  // Kubeflow counts an execution attempt when its submission succeeds.
  await story.status('sparkapplications', name, { sparkApplicationId: first, submissionAttempts: 1, executionAttempts: 1, applicationState: { state: 'SUBMITTED' }, driverInfo: { podName: `${name}-driver` } });
  await seen(page, cluster, story.namespace, name, 'SUBMITTED');
  const { driver } = await story.runAttempt(first, name, 2);
  await story.status('sparkapplications', name, { applicationState: { state: 'RUNNING' } });
  await expect.poll(async () => (await operatorOf(page, { cluster, namespace: story.namespace, appId: first }))?.app?.rawState, { timeout: 30_000 }).toBe('RUNNING');
  await story.failDriver(driver);
  await story.status('sparkapplications', name, { applicationState: { state: 'FAILING', errorMessage: 'driver container failed with ExitCode: 1, Reason: Error' } });
  await expect.poll(async () => (await operatorOf(page, { cluster, namespace: story.namespace, appId: first }))?.app?.rawState, { timeout: 30_000 }).toBe('FAILING');
  await story.status('sparkapplications', name, { applicationState: { state: 'PENDING_RERUN', errorMessage: '' } });
  await expect.poll(async () => (await operatorOf(page, { cluster, namespace: story.namespace, appId: first }))?.app?.rawState, { timeout: 30_000 }).toBe('PENDING_RERUN');
  await story.removeAttempt(first, name, 2);
  await story.status('sparkapplications', name, { sparkApplicationId: second, submissionAttempts: 2, executionAttempts: 2, applicationState: { state: 'SUBMITTED' } });
  await expect.poll(async () => (await operatorOf(page, { cluster, namespace: story.namespace, appId: first }))?.app?.appId, { timeout: 30_000 }).toBe(second);
  await story.runAttempt(second, name, 2);
  await story.status('sparkapplications', name, { applicationState: { state: 'RUNNING' } });
  await expect.poll(async () => (await operatorOf(page, { cluster, namespace: story.namespace, appId: second }))?.attempts.length, { timeout: 30_000 }).toBe(2);

  const row = { cluster, namespace: story.namespace, appId: second };
  await page.goto(pagePath(row));
  await expect(page.getByTestId('header-operator')).toBeVisible();
  const panel = page.getByTestId('operator-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('operator-identity')).toContainText(`Kubeflow Spark operator · SparkApplication ${name}`);

  // Kubeflow keeps no history: the dashboard's begins when it saw the resource, and goes
  // through the failed first attempt (FAILING, PENDING_RERUN) to the second.
  const history = panel.getByTestId('operator-history');
  await expect(history.locator('[data-phase="failing"][data-attempt="1"]').first()).toBeVisible();
  await expect(history.locator('[data-phase="pending-rerun"]').first()).toBeVisible();
  await expect(history.locator('[data-phase="submitted"][data-attempt="2"]').first()).toBeVisible();
  await expect(history.locator('[data-phase="running"][data-attempt="2"]').first()).toBeVisible();
  await expect(panel.getByTestId('execution-attempts')).toHaveText('2');

  // Both attempts link to their Spark applications; the current one is this page.
  const attempts = panel.getByTestId('operator-attempt');
  await expect(attempts).toHaveCount(2);
  await expect(panel.locator(`[data-testid="operator-attempt"][data-app-id="${second}"]`)).toHaveAttribute('data-current', 'true');
  await expect(panel.locator(`[data-testid="operator-attempt"][data-app-id="${second}"]`)).toContainText('this page');

  const spec = panel.getByTestId('operator-spec');
  await expect(spec.locator('[data-spec="Type"]')).toContainText('Scala · cluster');
  await expect(spec.locator('[data-spec="Main class"]')).toContainText('com.example.dataplatform.JobMain');
  await expect(spec.locator('[data-spec="Driver"]')).toContainText('1 core · 2g');
  await expect(spec.locator('[data-spec="Executors"]')).toContainText('2 cores · 4g');
  await expect(spec.locator('[data-spec="Restart policy"]')).toContainText('OnFailure');
  await shot(page, 'operator-app-page', { locator: page.locator('#operator') });

  // The first attempt's page is one click away.
  await panel.locator(`[data-testid="operator-attempt"][data-app-id="${first}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/apps/${cluster}/${story.namespace}/${first}$`));
  await expect(page.getByTestId('operator-panel').locator(`[data-testid="operator-attempt"][data-app-id="${first}"]`)).toContainText('this page');
});

test('a scheduled application\'s runs: the schedule on a run\'s page, each run linking to its page', async ({ page, api, shot }) => {
  test.setTimeout(150_000);
  const story = await startOperatorStory(api);
  const cluster = await clusterOf(page);
  const schedule = 'hourly-clickstream-compaction';
  await story.create('scheduledsparkapplications', {
    apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'ScheduledSparkApplication', metadata: { name: schedule },
    spec: { schedule: '@every 5m', concurrencyPolicy: 'Forbid', successfulRunHistoryLimit: 3, failedRunHistoryLimit: 3, template: STORY_SPEC },
  });
  // Three runs: an older one whose resource was deleted (only the status names it), one that completed, one running now.
  const base = Date.now() * 1e6;
  const [gone, done, now] = [0, 1, 2].map((i) => `${schedule}-${base + i * 300e9}`);
  for (const [run, state] of [[done, 'COMPLETED'], [now, 'RUNNING']] as const) {
    const appId = sparkAppId();
    await story.create('sparkapplications', {
      apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', spec: STORY_SPEC,
      metadata: { name: run, labels: { 'sparkoperator.k8s.io/scheduled-app-name': schedule } },
    });
    await story.runAttempt(appId, run, 1);
    await story.status('sparkapplications', run, { sparkApplicationId: appId, applicationState: { state }, submissionAttempts: 1, executionAttempts: 1 });
  }
  await story.status('scheduledsparkapplications', schedule, {
    scheduleState: 'Scheduled', lastRun: new Date().toISOString(), nextRun: new Date(Date.now() + 300_000).toISOString(), lastRunName: now,
    pastSuccessfulRunNames: [done, gone],
  });
  let row: OperatorRow | undefined;
  await expect.poll(async () => (row = (await operatorRows(page, (r) => r.operator.name === now && !r.appId.startsWith('operator:')))[0]), { timeout: 90_000, intervals: [500] }).toBeDefined();
  await expect.poll(async () => (await operatorOf(page, row!))?.schedule?.runs.length, { timeout: 30_000 }).toBe(3);

  await page.goto(pagePath(row!));
  const block = page.getByTestId('operator-schedule');
  await expect(block).toBeVisible();
  await expect(block.getByTestId('schedule-cron')).toHaveText('@every 5m');
  await expect(block).toContainText('every 5 minutes');
  await expect(block.getByTestId('schedule-next')).toContainText(/^in \d/);
  const runs = block.getByTestId('schedule-run');
  await expect(runs).toHaveCount(3);
  await expect(block.locator(`[data-testid="schedule-run"][data-run="${now}"]`).getByRole('link')).toHaveAttribute('aria-current', 'page');
  await expect(block.locator(`[data-testid="schedule-run"][data-run="${done}"]`)).toHaveAttribute('data-outcome', 'succeeded');
  // The deleted run has no page to open.
  await expect(block.locator(`[data-testid="schedule-run"][data-run="${gone}"]`).getByRole('link')).toHaveCount(0);
  await shot(page, 'operator-schedule', { locator: block });

  // The completed run is one click away, on its own Spark application's page.
  await block.locator(`[data-testid="schedule-run"][data-run="${done}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/apps/${cluster}/${story.namespace}/spark-[0-9a-f]{32}$`));
  await expect(page.getByTestId('operator-identity')).toContainText(done);
});

test('a failed submission: a row with no pods and its cause, its page without pod panels, a failed wall tile', async ({ page, shot }) => {
  const row = await firstRow(page, 'adhoc-sessionize refused by spark-submit', (r) => r.appId === 'operator:adhoc-sessionize' && r.operator.phase === 'submission-failed', 60_000);

  await page.goto('/?q=adhoc-sessionize&operator=yes');
  const tr = page.locator(`tr[data-app-key="${row.key}"]`);
  await expect(tr.getByTestId('operator-chip')).toHaveText(/SparkApplication · SUBMISSION_FAILED/);
  await expect(tr.getByTestId('executor-counts')).toHaveText('no pods');
  await expect(tr.getByTestId('app-why')).toContainText('submission failed: ');
  await expect(tr.getByTestId('app-why')).toContainText('Missing application resource');
  // Pod-based applications are filtered out by the operator filter, so every row shown has the chip.
  await expect(page.locator('tr[data-app-key]')).toHaveCount(await page.locator('tr[data-app-key] [data-testid="operator-chip"]').count());
  await shot(page, 'operator-overview', { fullPage: false });

  await tr.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/apps/${row.cluster}/${row.namespace}/operator%3Aadhoc-sessionize$`));
  await expect(page.getByTestId('podless-notice')).toContainText('The submission failed: no pod was created');
  await expect(page.getByTestId('header-operator')).toContainText('Submission failed');
  await expect(page.getByTestId('operator-error')).toContainText('Missing application resource');
  await expect(page.getByTestId('operator-history').locator('[data-phase="submission-failed"]').first()).toBeVisible();
  for (const id of ['timeline', 'executors', 'events', 'volumes', 'rbac', 'counts']) await expect(page.locator(`#${id}`)).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: /Could not load/ })).toHaveCount(0);
  await shot(page, 'operator-podless-page', { fullPage: false });

  await page.goto(`/wall?app=adhoc-sessionize&cluster=${row.cluster}&interval=600`);
  const tile = page.locator(`[data-testid="wall-tile"][data-app-key="${row.key}"]`);
  await expect(tile).toHaveAttribute('data-attention', 'failed');
  await expect(tile.getByTestId('wall-why')).toContainText('submission failed');
  await expect(tile.getByTestId('operator-chip')).toContainText('SUBMISSION_FAILED');
  await shot(page, 'operator-wall', { fullPage: false });
});

test('the page of an operator application opened after its pods came moves to its Spark application', async ({ page }) => {
  const row = await firstRow(page, 'nightly-revenue-rollup with pods', (r) => r.operator.name === 'nightly-revenue-rollup' && !r.appId.startsWith('operator:'), 90_000);
  await page.goto(`/apps/${row.cluster}/${row.namespace}/${encodeURIComponent('operator:nightly-revenue-rollup')}`);
  await expect(page).toHaveURL(new RegExp(`/apps/${row.cluster}/${row.namespace}/${row.appId}$`));
  await expect(page.getByTestId('operator-identity')).toContainText('nightly-revenue-rollup');
});
