// Walls and portals with tokens, as a kiosk and a portal see them: the dashboard signs people in
// through a proxy (--auth proxy), which a wall screen cannot do, so a token issued with
// `npm run token` for spark-etl of prod is its only way in. The wall runs with it, shows only
// that namespace, takes the token out of the address bar and keeps it across its own reload on
// an upgrade; a panel with a token renders in a portal's iframe on another origin. The token
// never reaches the dashboard's log. Runs its own dashboard on the embedded clusters.

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DashboardServer } from './dashboardServer';
import { expect, test } from './fixtures';
import { SIGN_IN_PROXY_ADDRESS } from './signInProxy';

const run = promisify(execFile);

test.describe('walls and portals with tokens', () => {
  // Its own dashboard: pages are opened by full URL, so the shared one is not started.
  test.use({ baseURL: 'http://127.0.0.1/' });
  test.skip(({ backend }) => backend !== 'embedded', 'tokens do not depend on the cluster behind them (test/access/tokens.test.ts covers both)');
  let server: DashboardServer;
  let token: string;

  test.beforeAll(async ({ portal }) => {
    test.setTimeout(300_000);
    server = new DashboardServer('embedded', {
      simDir: '.sim-e2e-tokens',
      args: ['--auth', 'proxy', '--trusted-proxies', `${SIGN_IN_PROXY_ADDRESS}/32`, '--token-key-file', path.join('.sim-e2e-tokens', 'token-key'), '--frame-ancestors', `http://localhost:${portal.port}`],
    });
    fs.mkdirSync(server.simDir, { recursive: true });
    fs.writeFileSync(path.join(server.simDir, 'token-key'), crypto.randomBytes(48).toString('base64') + '\n');
    await server.start();
    const { stdout } = await run('npm', ['run', '--silent', 'token', '--', '--label', 'lobby-wall', '--namespaces', 'spark-etl', '--clusters', 'prod', '--ttl', '1d', '--token-key-file', path.join(server.simDir, 'token-key')], { cwd: path.dirname(server.simDir) });
    token = stdout.trim();
  });
  test.afterAll(async () => {
    await server?.dispose();
  });

  test('a wall opened with a token runs, shows only its namespace, forgets the address and keeps the token across an upgrade', async ({ page, shot }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const res = await page.goto(`${server.url}/wall?interval=600&token=${token}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['referrer-policy']).toBe('same-origin');
    await expect(page.getByTestId('wall-status')).toHaveAttribute('data-status', 'live');
    const tiles = page.getByTestId('wall-tile');
    await expect(tiles.first()).toBeVisible({ timeout: 30_000 });
    const keys = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-app-key')!));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('prod/spark-etl/'))).toBe(true);
    // The address bar (and so history and bookmarks) no longer holds the token; the other parameters stay.
    await expect(page).toHaveURL(/\/wall\?interval=600$/);
    await shot(page, 'wall-kiosk-token', { fullPage: false });

    // The server is upgraded: the wall reloads itself, with its token, and runs again.
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });
    await server.stop();
    await server.start({ DASHBOARD_BUILD_ID: `upgrade-${Date.now()}` });
    // Mid-navigation the page cannot be asked: that counts as not reloaded yet.
    await expect.poll(() => page.evaluate(() => (window as unknown as { marker?: number }).marker ?? null).catch(() => 'navigating'), { timeout: 60_000 }).toBeNull();
    await expect(page.getByTestId('wall-status')).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
    await expect(tiles.first()).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/wall\?interval=600$/);
    expect(await tiles.evaluateAll((els) => els.every((e) => e.getAttribute('data-app-key')!.startsWith('prod/spark-etl/')))).toBe(true);
  });

  test('a panel with a token renders in a portal iframe; outside its namespace, and on other pages, it is refused', async ({ page, portal, shot }) => {
    await page.goto(portal.pageUrl('localhost', `${server.url}/embed/overview?theme=light&token=${token}`));
    const frame = page.frameLocator('#panel');
    await expect(frame.getByTestId('embed-frame')).toBeVisible();
    const rows = frame.locator('[data-app-key]');
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    expect(await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-app-key')!.startsWith('prod/spark-etl/')))).toBe(true);
    await page.waitForFunction(() => (window as unknown as { heights: unknown[] }).heights.length > 0);
    await shot(page, 'embed-kiosk-token-in-portal');

    const refused = await page.goto(`${server.url}/embed/apps/prod/spark-ml/any/timeline?token=${token}`);
    expect(refused?.status()).toBe(403);
    await expect(page.getByTestId('refused-reason')).toHaveText('the token "lobby-wall" may not see namespace spark-ml of prod (it shows spark-etl of prod).');
    const overview = await page.goto(`${server.url}/?token=${token}`);
    expect(overview?.status()).toBe(403);
    await expect(page.getByTestId('refused-reason')).toContainText('opens only the wall (/wall) and embedded panels');
  });

  test('the token never reaches the dashboard\'s log; the audit log names it by label', async ({ page }) => {
    await page.goto(`${server.url}/wall?interval=600&token=${token}`);
    await expect(page.getByTestId('wall-status')).toHaveAttribute('data-status', 'live');
    const log = server.log.join('\n');
    expect(log).not.toContain(token.split('.')[2]);
    expect(log).toMatch(/\[audit\] page .*"identity":"token:lobby-wall".*"path":"\/wall\?interval=600&token=REDACTED"/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/spark_dashboard_token_uses_total\{label="lobby-wall"\} [1-9]/);
  });
});
