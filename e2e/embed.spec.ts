import { expect, test } from './fixtures';
import { createTestApp } from './sparkApp';

test('an embedded panel works in an iframe of an allowed origin and posts its height', async ({ page, server, portal, shot }) => {
  await page.goto(portal.pageUrl('localhost', `${server.url}/embed/overview?theme=light`));
  const frame = page.frameLocator('#panel');
  await expect(frame.getByTestId('embed-frame')).toBeVisible();
  await expect(frame.locator('[data-app-key]').first()).toBeVisible();
  await page.waitForFunction(() => (window as unknown as { heights: unknown[] }).heights.length > 0);
  const heights = await page.evaluate(() => (window as unknown as { heights: { origin: string; panel: string; height: number }[] }).heights);
  expect(heights[0].panel).toBe('overview');
  expect(heights[0].origin).toBe(new URL(server.url).origin);
  expect(heights[heights.length - 1].height).toBeGreaterThan(150);
  // The live workload keeps changing the panel, so compare with the latest height it posted.
  const latestPosted = () => page.evaluate(() => { const h = (window as unknown as { heights: { height: number }[] }).heights; return h[h.length - 1].height; });
  await expect.poll(async () => {
    const posted = await latestPosted();
    return (await page.locator('#panel').boundingBox())!.height - posted;
  }, { message: 'the iframe height minus the latest height the panel posted' }).toBe(0);
  await shot(page, 'embed-in-portal');
});

test('a page of another origin may not frame the dashboard', async ({ page, server, portal }) => {
  const src = `${server.url}/embed/overview`;
  const res = await page.request.get(src);
  const csp = res.headers()['content-security-policy'];
  expect(csp).toContain(`frame-ancestors 'self' http://localhost:${portal.port}`);
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  // Evidence that the browser refused the frame (it says so on the console), before checking
  // that nothing of the panel rendered or posted.
  const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
  await page.goto(portal.pageUrl('127.0.0.1', src));
  await refused;
  await expect(page.frameLocator('#panel').getByTestId('embed-frame')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { heights: unknown[] }).heights.length)).toBe(0);
});

test('each embed panel renders without navigation chrome, themed from the URL', async ({ page, api, shot }) => {
  const app = await createTestApp(api, 4);
  await app.failExecutor(3, 1, 'Error');
  await page.setViewportSize({ width: 960, height: 640 });
  for (const panel of ['counts', 'timeline', 'executors', 'volumes', 'rbac', 'why', 'events']) {
    await page.goto(`/embed/apps/${app.namespace}/${app.appId}/${panel}?theme=dark&accent=%23ff6600`);
    await expect(page.getByTestId('embed-frame')).toHaveAttribute('data-panel', panel);
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(page.getByRole('banner').filter({ hasText: 'Spark Pod Dashboard' })).toHaveCount(0);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim())).toBe('#ff6600');
    if (panel === 'timeline') await expect(page.getByTestId('executor-timeline')).toHaveAttribute('data-rows', '5');
    if (panel === 'executors') await expect(page.getByTestId('executor-table')).toContainText('Failed');
    if (panel === 'volumes') await expect(page.getByTestId('volumes-panel')).toBeVisible();
    if (panel === 'rbac') await expect(page.getByTestId('rbac-panel')).toBeVisible();
    // A running application with one failed executor: a cause to show, or a line saying there is none.
    if (panel === 'why') await expect(page.getByTestId('why-panel').or(page.getByTestId('why-quiet'))).toBeVisible();
    if (panel === 'events') await expect(page.getByTestId('events-panel')).toBeVisible();
    await shot(page, `embed-${panel}`);
  }
  await page.goto('/embed/overview?theme=light');
  await expect(page.locator('[data-app-key]').first()).toBeVisible();
  await shot(page, 'embed-overview');
  // A name the registry does not know, or a panel it does not let portals embed, is a 404.
  for (const panel of ['nope', 'pod-template', 'driver-log']) {
    const missing = await page.goto(`/embed/apps/${app.namespace}/${app.appId}/${panel}`);
    expect(missing?.status(), panel).toBe(404);
  }
});
