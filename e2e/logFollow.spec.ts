// A running executor's live log in its drawer: on demand, following while the drawer is open,
// and the server's stream closed when the drawer closes. On the real kube-apiserver there is
// no kubelet: the drawer says the log cannot be read, and the rest of the drawer works.

import { createNamespace, startSparkApp, uniqueName } from '../test/contract/kubeOps';
import { expect, test } from './fixtures';
import { NODE } from './sparkApp';

const MARKUP_FREE = /<[a-z]/i;

test("a running executor's drawer follows its log while open and stops when closed", async ({ page, api, backend, shot }) => {
  const namespace = uniqueName('e2e-follow');
  await createNamespace(api, namespace);
  const app = await startSparkApp(api, namespace, 'follow', 2, NODE);
  await page.goto(`/apps/${namespace}/${app.appId}`);
  await page.getByTestId('executor-table').getByRole('button', { name: 'Open executor 1' }).click();
  const drawer = page.getByTestId('executor-drawer');
  const follow = drawer.getByTestId('log-follow');
  await expect(follow).toHaveAttribute('data-status', 'idle');
  await follow.getByTestId('log-follow-start').click();
  const openFollows = async () => {
    const text = await (await page.request.get('/metrics')).text();
    return Number(/^spark_dashboard_log_follows_open (\d+)$/m.exec(text)?.[1] ?? NaN);
  };

  if (backend === 'kube-apiserver') {
    await expect(follow).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
    await expect(follow).toContainText('Could not follow the log');
    await expect(follow).toContainText('the log could not be read');
    await expect(drawer.getByText('State transitions')).toBeVisible();
    expect(await openFollows()).toBe(0);
    return;
  }
  await expect(follow).toHaveAttribute('data-status', 'open', { timeout: 20_000 });
  const text = follow.getByTestId('log-follow-text');
  await expect(text).toContainText('INFO Executor: Running task');
  const before = (await text.innerText()).split('\n').length;
  // A task line every 5 s: the view grows while it is open.
  await expect.poll(async () => (await text.innerText()).split('\n').length, { timeout: 20_000 }).toBeGreaterThan(before);
  expect(await text.innerHTML()).not.toMatch(MARKUP_FREE);
  await expect.poll(openFollows).toBe(1);
  await shot(page, 'log-follow', { fullPage: false });

  await follow.getByTestId('log-follow-stop').click();
  await expect(follow).toHaveAttribute('data-status', 'ended');
  await expect(text).toBeVisible();
  await expect.poll(openFollows, { timeout: 10_000 }).toBe(0);

  // Closing the drawer while following closes the server's stream too.
  await follow.getByTestId('log-follow-start').click();
  await expect(follow).toHaveAttribute('data-status', 'open', { timeout: 20_000 });
  await expect.poll(openFollows).toBe(1);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect.poll(openFollows, { timeout: 10_000 }).toBe(0);
});
