// Kiosk and portal tokens over real HTTP and socket.io, against the embedded cluster and a real
// kube-apiserver: tokens issued with `npm run token` (the script itself) show their namespaces
// only, on the API, the live connection and the pages, in proxy mode (a kiosk cannot sign in)
// and with --auth none (where they narrow); expired, forged and rotated-key tokens are refused
// with the reason; uses are counted in /metrics by label; the audit log names the token and
// never holds it; per-identity limits bound the screens sharing one.

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppsResponse } from '../../lib/apiTypes';
import type { Scope } from '../../lib/snapshot/scope';
import { readTokenKey, signKioskToken } from '../../server/access/kioskTokens';
import type { PageHandler } from '../../server/frontDoor';
import { availableBackends, useBackend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, startSparkApp, uniqueName, waitFor } from '../contract/kubeOps';
import { getAs, openViewer, PROXY_ADDRESS, viaProxy, type As, type Viewer } from './accessHarness';

const NODE = 'ip-10-0-2-1.ec2.internal';
const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** `npm run token -- ARGS` as an operator runs it (tsx directly: npm adds nothing but time). */
async function issue(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/tokenCli.ts'), ...args], { cwd: root });
  return stdout.trim();
}

/** A page handler standing in for Next: "a page" for anything, and a failure for /boom. */
const pages: PageHandler = (req, res) => {
  if (req.url?.startsWith('/boom')) throw new Error('the page handler failed');
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('a page');
};

describe('npm run token', () => {
  it('refuses bad arguments and short keys with a sentence (exit 2)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-token-cli-'));
    const short = path.join(dir, 'short');
    fs.writeFileSync(short, 'too-short');
    const fails = async (args: string[]) => {
      const e = await issue(args).then(() => null, (err: { stderr: string; code: number }) => err);
      expect(e, args.join(' ')).not.toBeNull();
      expect(e!.code).toBe(2);
      return e!.stderr;
    };
    expect(await fails(['--label', 'lobby', '--ttl', '1d', '--token-key-file', short])).toContain('--namespaces is required');
    expect(await fails(['--label', 'lobby', '--namespaces', 'a', '--ttl', '1d', '--token-key-file', short])).toContain('must be at least 32');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(availableBackends())('kiosk and portal tokens (%s)', (kind) => {
  const { backend, dashboards } = useBackend(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-token-key-'));
  const keyFile = path.join(dir, 'token-key');
  let nsA: string, nsB: string;
  let appA: { appId: string; driverName: string }, appB: { appId: string; driverName: string };
  let proxied: TestDashboard;
  let token: string;
  const viewers: Viewer[] = [];
  const viewer = (as: As, url = proxied.dashboard.url) => {
    const v = openViewer(new URL(url).origin, as);
    viewers.push(v);
    return v;
  };
  const appScope = (ns: string, appId: string): Scope => ({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId });
  const start = async (args: string[]) => {
    const t = await startTestDashboard(backend(), { namespaces: [nsA, nsB], pages, args: ['--token-key-file', keyFile, '--access-recheck-interval', '1s', ...args] });
    dashboards.push(t);
    await waitFor('both applications on the overview', () => t.dashboard.overview.summaries().length >= 2, 60_000);
    return t;
  };

  beforeAll(async () => {
    fs.writeFileSync(keyFile, crypto.randomBytes(48).toString('base64') + '\n');
    const api = backend().transport('admin');
    nsA = uniqueName('spd-tok-a');
    nsB = uniqueName('spd-tok-b');
    for (const ns of [nsA, nsB]) await createNamespace(api, ns);
    appA = await startSparkApp(api, nsA, 'etl', 2, NODE);
    appB = await startSparkApp(api, nsB, 'ml', 1, NODE);
    token = await issue(['--label', 'lobby-wall', '--namespaces', nsA, '--ttl', '90d', '--token-key-file', keyFile]);
    // Signed in through a proxy for people; a kiosk cannot sign in, its token is its identity.
    proxied = await start(['--auth', 'proxy', '--trusted-proxies', `${PROXY_ADDRESS}/32`]);
  }, 180_000);
  afterAll(() => {
    for (const v of viewers) v.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('on the API a token shows only its namespaces; a namespace outside it, History and pod logs are refused', async () => {
    const url = proxied.dashboard.url;
    const as = { token };
    const apps = await getAs<AppsResponse>(url, '/api/apps', as);
    expect(apps.status).toBe(200);
    expect(apps.body.apps.map((a) => a.namespace)).toEqual([nsA]);
    expect((await getAs(url, `/api/apps/${TEST_CLUSTER}/${nsA}/${appA.appId}`, as)).status).toBe(200);
    const outside = `the token "lobby-wall" may not see namespace ${nsB} of ${TEST_CLUSTER} (it shows ${nsA} of every cluster)`;
    for (const p of [`/api/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}`, `/api/pods/${TEST_CLUSTER}/${nsB}/${appB.driverName}`, `/api/apps/${nsB}/${appB.appId}/why`]) {
      const res = await getAs<{ error: string }>(url, p, as);
      expect(res.status, p).toBe(403);
      expect(res.body.error, p).toBe(outside);
    }
    const history = await getAs<{ error: string }>(url, '/api/history/apps', as);
    expect(history.status).toBe(403);
    expect(history.body.error).toContain('History is not among them');
    const follow = await getAs<{ error: string }>(url, `/api/pods/${TEST_CLUSTER}/${nsA}/${appA.driverName}/log`, as);
    expect(follow.status).toBe(403);
    expect(follow.body.error).toContain('never pod logs');
    // A person through the proxy is unaffected, and the token does not ride on a query string for the API.
    expect((await getAs<AppsResponse>(url, '/api/apps', viaProxy('alice'))).body.apps).toEqual([]);
    expect((await getAs(url, `/api/apps?token=${token}`, {})).status).toBe(401);
  });

  it('on the live connection a token sees its namespaces in the overview, and a subscription outside them is refused', async () => {
    const v = viewer({ token });
    expect(await v.connected).toEqual({ ok: true });
    expect(await v.subscribe(appScope(nsB, appB.appId))).toEqual({ ok: false, error: `the token "lobby-wall" may not see namespace ${nsB} of ${TEST_CLUSTER} (it shows ${nsA} of every cluster)` });
    expect(await v.subscribe(appScope(nsA, appA.appId))).toMatchObject({ ok: true });
    expect(await v.subscribe({ kind: 'overview' })).toMatchObject({ ok: true });
    await waitFor('both snapshots', () => v.state({ kind: 'overview' }) && v.state(appScope(nsA, appA.appId)));
    expect(Object.values(v.state({ kind: 'overview' })!.apps).map((s) => s.namespace)).toEqual([nsA]);
  });

  it('pages: a token opens the wall and its panels only; other pages are refused with a page saying why', async () => {
    const url = proxied.dashboard.url;
    const page = (p: string) => getAs(url, p, {});
    expect((await page(`/wall?token=${token}`)).status).toBe(200);
    expect((await page(`/embed/overview?token=${token}`)).status).toBe(200);
    expect((await page(`/embed/apps/${TEST_CLUSTER}/${nsA}/${appA.appId}/timeline?token=${token}`)).status).toBe(200);
    const outside = await page(`/embed/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}/timeline?token=${token}`);
    expect(outside.status).toBe(403);
    expect(outside.text).toContain(`the token &#34;lobby-wall&#34; may not see namespace ${nsB} of ${TEST_CLUSTER}`);
    for (const p of ['/', '/history', `/apps/${TEST_CLUSTER}/${nsA}/${appA.appId}`]) {
      const res = await page(`${p}?token=${token}`);
      expect(res.status, p).toBe(403);
      expect(res.text, p).toContain('opens only the wall (/wall) and embedded panels');
      expect(res.headers['content-security-policy'], p).toContain("default-src 'none'");
    }
    // Without its token the wall is a page like any other: sign in first.
    expect((await page('/wall')).status).toBe(401);
  });

  it('expired and forged tokens are refused with the reason, and counted', async () => {
    const url = proxied.dashboard.url;
    const key = readTokenKey(keyFile);
    const expired = await signKioskToken(key, { label: 'old-wall', namespaces: [nsA] }, 60_000, Date.now() - 3_600_000);
    const forged = await signKioskToken({ secret: crypto.randomBytes(48), kid: key.kid }, { label: 'forged', namespaces: [nsA, nsB] }, 60_000);
    for (const [what, t, says] of [['expired', expired, 'the token expired at'], ['forged', forged, 'signature does not verify']] as const) {
      const api = await getAs<{ error: string }>(url, '/api/apps', { token: t });
      expect(api.status, what).toBe(401);
      expect(api.body.error, what).toContain(says);
      const page = await getAs(url, `/wall?token=${t}`, {});
      expect(page.status, what).toBe(401);
      expect(page.text, what).toContain('npm run token');
      expect(await viewer({ token: t }).connected, what).toEqual({ ok: false, error: expect.stringContaining(says) });
    }
    const metrics = (await getAs(url, '/metrics', {})).text;
    expect(metrics).toMatch(/spark_dashboard_token_refusals_total\{reason="expired"\} [1-9]/);
    expect(metrics).toMatch(/spark_dashboard_token_refusals_total\{reason="signature"\} [1-9]/);
  });

  it('uses are counted in /metrics by label; the audit log names the token, never holds it', async () => {
    const metrics = (await getAs(proxied.dashboard.url, '/metrics', {})).text;
    expect(metrics).toMatch(/spark_dashboard_token_uses_total\{label="lobby-wall"\} [1-9]/);
    expect(metrics).not.toContain('label="forged"');
    const log = proxied.logs.join('\n');
    expect(log).not.toContain(token.split('.')[2]);
    const pageLine = proxied.logs.find((l) => l.includes('[audit] page') && l.includes('/embed/overview'));
    expect(pageLine).toContain('"identity":"token:lobby-wall"');
    expect(pageLine).toContain('"path":"/embed/overview?token=REDACTED"');
    expect(pageLine).toContain('"decision":"allowed"');
    expect(proxied.logs.some((l) => l.includes('[audit] page') && l.includes('"decision":"refused"') && l.includes('"status":403'))).toBe(true);
    const refusedSub = proxied.logs.find((l) => l.includes('[audit] subscription') && l.includes(`app:${TEST_CLUSTER}/${nsB}/`));
    expect(refusedSub).toContain('"identity":"token:lobby-wall"');
    expect(refusedSub).toContain('"decision":"refused"');
    expect(proxied.logs.some((l) => l.includes('[audit] subscription') && l.includes('"scope":"overview"') && l.includes('"decision":"allowed"'))).toBe(true);
  });

  it('with --auth none a token narrows what its screen shows; a dashboard without a key accepts no token', async () => {
    const open = await start(['--max-connections-per-identity', '1', '--max-subscriptions-per-identity', '2']);
    const url = open.dashboard.url;
    expect(new Set((await getAs<AppsResponse>(url, '/api/apps', {})).body.apps.map((a) => a.namespace))).toEqual(new Set([nsA, nsB]));
    expect((await getAs<AppsResponse>(url, '/api/apps', { token })).body.apps.map((a) => a.namespace)).toEqual([nsA]);
    expect((await getAs(url, `/embed/apps/${TEST_CLUSTER}/${nsB}/${appB.appId}/timeline?token=${token}`, {})).status).toBe(403);
    // Per identity: the screens sharing a token share its limits.
    const first = viewer({ token }, url);
    expect(await first.connected).toEqual({ ok: true });
    expect(await viewer({ token }, url).connected).toEqual({ ok: false, error: expect.stringContaining('Too many live connections for token:lobby-wall: at most 1') });
    expect(await first.subscribe({ kind: 'overview' })).toMatchObject({ ok: true });
    expect(await first.subscribe(appScope(nsA, appA.appId))).toMatchObject({ ok: true });
    expect(await first.subscribe(appScope(nsA, 'another'))).toEqual({ ok: false, error: expect.stringContaining('too many live subscriptions for token:lobby-wall: at most 2') });
    // Anyone (no identity) is bounded per address, not per identity.
    const anyone = [viewer({}, url), viewer({}, url)];
    for (const v of anyone) expect(await v.connected).toEqual({ ok: true });
    const metrics = (await getAs(url, '/metrics', {})).text;
    expect(metrics).toMatch(/spark_dashboard_refusals_total\{reason="connections_per_identity"\} 1/);
    expect(metrics).toMatch(/spark_dashboard_refusals_total\{reason="subscriptions_per_identity"\} 1/);

    const keyless = await startTestDashboard(backend(), { namespaces: [nsA, nsB], pages });
    dashboards.push(keyless);
    const refused = await getAs<{ error: string }>(keyless.dashboard.url, '/api/apps', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toContain('accepts no tokens (it runs without --token-key-file)');
    expect((await getAs(keyless.dashboard.url, `/wall?token=${token}`, {})).status).toBe(401);
  });

  it('a new key in the file revokes every token: requests are refused, open subscriptions end', async () => {
    const url = proxied.dashboard.url;
    const v = viewer({ token });
    await v.subscribe(appScope(nsA, appA.appId));
    await v.subscribe({ kind: 'overview' });
    await waitFor('the application and the overview', () => v.state(appScope(nsA, appA.appId)) && v.state({ kind: 'overview' }));
    fs.writeFileSync(keyFile, crypto.randomBytes(48).toString('base64') + '\n');
    const said = 'signed with a key that is no longer in use';
    await waitFor('the API refuses the old token', async () => (await getAs(url, '/api/apps', { token })).status === 401, 10_000);
    expect((await getAs<{ error: string }>(url, '/api/apps', { token })).body.error).toContain(said);
    expect((await getAs(url, `/wall?token=${token}`, {})).text).toContain(said);
    expect(await viewer({ token }).connected).toEqual({ ok: false, error: expect.stringContaining(said) });
    // Every open subscription ends, the overview included, and the connection with them.
    await waitFor('the open subscriptions ended', () => v.ended.length === 2, 10_000);
    expect(v.ended.map((e) => e.scope).sort()).toEqual([`app:${TEST_CLUSTER}/${nsA}/${appA.appId}`, 'overview']);
    for (const e of v.ended) expect(e.message).toContain(said);
    await waitFor('the connection closed', () => !v.socket.connected, 10_000);
    const fresh = await issue(['--label', 'lobby-wall', '--namespaces', nsA, '--ttl', '1h', '--token-key-file', keyFile]);
    expect((await getAs(url, '/api/apps', { token: fresh })).status).toBe(200);
    expect((await getAs(url, '/metrics', {})).text).toMatch(/spark_dashboard_token_refusals_total\{reason="rotated"\} [1-9]/);
  });
});
