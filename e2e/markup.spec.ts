// Markup in every field a Spark pod or an event can carry is shown as text on every page that
// shows it, and never runs: pods, events and their messages are written by whoever can create
// pods in a namespace, and the dashboard is read by everyone else.

import type { Page } from '@playwright/test';
import type { KubePod } from '../lib/kube/types';
import { failedExecutor, pendingExecutor, runningExecutor, sparkDriverPod } from '../lib/spark/testing/podFixtures';
import { createNamespace, createPod, patchPodStatus, statusOf, uniqueName } from '../test/contract/kubeOps';
import { expect, test } from './fixtures';
import { startOperatorStory } from './operatorStory';
import { NODE } from './sparkApp';
import { hoverEventTick } from './timelineTicks';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  'javascript:window.__pwned=1',
];
const MARKUP = PAYLOADS.join(' ');

async function assertInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
}

test('markup in pod and event fields is shown as text and never runs, on every page', async ({ page, api, shot }) => {
  const namespace = uniqueName('e2e-markup');
  const appId = `spark-markup${Date.now().toString(16)}`;
  const opts = { namespace, appId, appName: 'markup-job' };
  await createNamespace(api, namespace);
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });

  const driver = sparkDriverPod({ ...opts, phase: 'Running' });
  driver.metadata!.annotations = { note: MARKUP };
  driver.spec!.containers![0].image = `apache/spark:4.1.1-${'x'.repeat(3)}`;
  await createPod(api, namespace, driver, { nodeName: NODE });
  await patchPodStatus(api, namespace, driver.metadata!.name!, { ...statusOf(driver), message: MARKUP, reason: 'Evicted<b>x</b>' });

  const failed = failedExecutor(1, { ...opts, exitCode: 1, reason: 'Error<img src=x onerror=window.__pwned=1>' });
  const running = runningExecutor(1, opts);
  const executor: KubePod = { ...running, metadata: { ...running.metadata, annotations: { note: MARKUP } } };
  executor.spec = { ...executor.spec, containers: executor.spec!.containers!.map((c) => ({ ...c, image: `registry.example.com/spark:${'evil'}` })) };
  await createPod(api, namespace, executor, { nodeName: NODE });
  const st = statusOf(failed);
  await patchPodStatus(api, namespace, running.metadata!.name!, {
    ...st,
    message: MARKUP,
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: MARKUP }],
    containerStatuses: st.containerStatuses!.map((c) => ({ ...c, state: { terminated: { ...c.state!.terminated!, message: MARKUP } } })),
  });
  // An event about the driver, of the kind the RBAC panel shows.
  await api.requestJson('POST', `/api/v1/namespaces/${namespace}/events`, {
    body: {
      apiVersion: 'v1', kind: 'Event', metadata: { name: `${driver.metadata!.name}.markup` }, type: 'Warning', reason: 'FailedCreate',
      message: `pods is forbidden: User "system:serviceaccount:${namespace}:spark" cannot create resource "pods" ${MARKUP}`,
      involvedObject: { kind: 'Pod', namespace, name: driver.metadata!.name, uid: 'x' }, source: { component: 'spark' },
      firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1,
    },
  });
  // A pending executor whose scheduler message and events carry markup: the Why panel, the
  // table's cause, the drawer's events and the wall tile show them as text.
  const pending = pendingExecutor(2, opts);
  await createPod(api, namespace, pending);
  await patchPodStatus(api, namespace, pending.metadata!.name!, {
    phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/3 nodes are available: 3 node(s) ${MARKUP}.`, lastTransitionTime: new Date().toISOString() }],
  });
  await api.requestJson('POST', `/api/v1/namespaces/${namespace}/events`, {
    body: {
      apiVersion: 'v1', kind: 'Event', metadata: { name: `${pending.metadata!.name}.markup` }, type: 'Warning', reason: 'FailedScheduling',
      message: `0/3 nodes are available: 3 node(s) ${MARKUP}.`, involvedObject: { kind: 'Pod', namespace, name: pending.metadata!.name },
      source: { component: 'default-scheduler' }, firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 2,
    },
  });

  await page.goto(`/?q=markup-job`);
  await expect(page.getByText('markup-job').first()).toBeVisible();
  await assertInert(page);

  await page.goto(`/apps/${namespace}/${appId}`);
  await expect(page.getByTestId('executor-table')).toBeVisible();
  await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 1' }).click();
  const drawer = page.getByTestId('executor-drawer');
  await expect(drawer).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(drawer).toContainText('<script>window.__pwned=1</script>');
  await shot(page, 'markup-drawer', { fullPage: false });
  await assertInert(page);
  await page.keyboard.press('Escape');

  const why = page.getByTestId('why-panel');
  await expect(why).toContainText('<img src=x onerror="window.__pwned=1">', { timeout: 20_000 });
  await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 2' }).click();
  await expect(drawer.getByTestId('event-list')).toContainText('<script>window.__pwned=1</script>', { timeout: 20_000 });
  await shot(page, 'markup-why-drawer', { fullPage: false });
  await assertInert(page);
  await page.keyboard.press('Escape');

  // The Events panel and the timeline's tick tooltip show the same messages as text.
  await page.locator('#events').scrollIntoViewIfNeeded();
  const events = page.getByTestId('events-panel');
  await expect(events).toContainText('<script>window.__pwned=1</script>', { timeout: 20_000 });
  await assertInert(page);
  const { timeline } = await hoverEventTick(page);
  await expect(timeline.getByTestId('timeline-tooltip')).toContainText('<img src=x onerror="window.__pwned=1">');
  await assertInert(page);

  for (const panel of ['volumes', 'rbac', 'executors', 'timeline', 'counts', 'why', 'events']) {
    await page.goto(`/embed/apps/${namespace}/${appId}/${panel}`);
    await expect(page.getByTestId('embed-frame')).toBeVisible();
    await assertInert(page);
  }
  await page.goto(`/embed/apps/${namespace}/${appId}/events`);
  await expect(page.getByTestId('events-panel')).toContainText('<svg onload=window.__pwned=1>', { timeout: 20_000 });
  await assertInert(page);
  await page.goto(`/embed/apps/${namespace}/${appId}/rbac`);
  await expect(page.getByText(MARKUP.slice(0, 30), { exact: false }).first()).toBeVisible({ timeout: 20_000 });
  await assertInert(page);

  await page.goto(`/wall?app=markup-job&interval=600`);
  await expect(page.getByTestId('wall-tile').first()).toBeVisible();
  await expect(page.getByTestId('wall-why').first()).toContainText('<svg onload=window.__pwned=1>', { timeout: 20_000 });
  await assertInert(page);
  await page.goto('/embed/overview?q=markup-job');
  await assertInert(page);
  expect(dialogs).toEqual([]);
});

test('markup in a Spark operator resource (its error, spec and name fields) is shown as text and never runs', async ({ page, api, shot }) => {
  const story = await startOperatorStory(api);
  const name = `markup-op-${Date.now().toString(16)}`;
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(`/?q=${name}&operator=yes`);
  await story.create('sparkapplications', {
    apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name },
    spec: { type: 'Scala', mode: 'cluster', image: 'registry.example.com/spark:3.5.3', mainClass: 'com.example.Main<script>window.__pwned=1</script>',
      mainApplicationFile: 'local:///opt/spark/jars/x.jar', sparkVersion: '3.5.3', arguments: [MARKUP], restartPolicy: { type: 'Never' },
      driver: { cores: 1, memory: '1g', serviceAccount: 'spark' }, executor: { instances: 1, cores: 1, memory: '1g' } },
  });
  // What the operator writes when spark-submit refuses the application: no pod, its error.
  await story.status('sparkapplications', name, {
    applicationState: { state: 'SUBMISSION_FAILED', errorMessage: `failed to run spark-submit: Exception in thread "main" ${MARKUP}` },
    submissionAttempts: 1, lastSubmissionAttemptTime: new Date().toISOString(),
  });

  const row = page.locator('tr[data-app-key]').filter({ hasText: name });
  await expect(row.getByTestId('app-why')).toContainText('<img src=x onerror="window.__pwned=1">', { timeout: 60_000 });
  await assertInert(page);

  await row.getByRole('link').first().click();
  await expect(page.getByTestId('operator-error')).toContainText('<script>window.__pwned=1</script>');
  await expect(page.getByTestId('header-operator')).toContainText('Submission failed');
  await shot(page, 'markup-operator-page', { fullPage: false });
  await assertInert(page);

  await page.goto(`/wall?app=${name}&interval=600`);
  await expect(page.getByTestId('wall-why').first()).toContainText('<svg onload=window.__pwned=1>', { timeout: 20_000 });
  await assertInert(page);
  expect(dialogs).toEqual([]);
});
