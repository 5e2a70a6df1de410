// Security headers on every response, whatever answers it: the JSON API, pages, embeds (a
// page handler standing in for Next), health and metrics, the sign-in and refusal pages, and
// every error (400, 401, 403, 404, 405, 421, 429, 500), live-connection refusals included.
// Headers do not depend on the cluster behind the dashboard: the embedded one suffices.

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTokenKey, signKioskToken } from '../../server/access/kioskTokens';
import type { PageHandler } from '../../server/frontDoor';
import { useBackend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, startSparkApp, uniqueName, waitFor } from '../contract/kubeOps';
import { getAs, viaProxy } from './accessHarness';

const pages: PageHandler = (req, res) => {
  if (req.url?.startsWith('/boom')) throw new Error('the page handler failed');
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('a page');
};

/** A request with any method and headers, its status and headers. */
function request(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(what: string, headers: http.IncomingHttpHeaders): void {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  // Never a full URL (a kiosk link's token) to another site.
  expect(headers['referrer-policy'], what).toMatch(/^(same-origin|no-referrer|strict-origin)/);
  expect(headers['content-security-policy'], what).toMatch(/frame-ancestors ('none'|'self')/);
}

describe('security headers on every response', () => {
  const { backend, dashboards } = useBackend('embedded');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-headers-'));
  const keyFile = path.join(dir, 'key');
  let open: TestDashboard, proxied: TestDashboard;
  let ns: string, app: { appId: string; driverName: string };

  beforeAll(async () => {
    fs.writeFileSync(keyFile, crypto.randomBytes(48).toString('base64'));
    ns = uniqueName('spd-hdr');
    await createNamespace(backend().transport('admin'), ns);
    app = await startSparkApp(backend().transport('admin'), ns, 'etl', 1, 'ip-10-0-2-1.ec2.internal');
    open = await startTestDashboard(backend(), { namespaces: [ns], pages, args: ['--token-key-file', keyFile] });
    proxied = await startTestDashboard(backend(), { namespaces: [ns], pages, args: ['--auth', 'proxy', '--trusted-proxies', '127.0.0.2/32', '--token-key-file', keyFile] });
    dashboards.push(open, proxied);
    await waitFor('the application', () => open.dashboard.overview.summaries().length > 0 && proxied.dashboard.overview.summaries().length > 0, 60_000);
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('pages, embeds, API, health, metrics and every error carry them', async () => {
    const token = await signKioskToken(readTokenKey(keyFile), { label: 'walk', namespaces: ['elsewhere'] }, 600_000);
    const o = open.dashboard.url;
    const p = proxied.dashboard.url;
    const cases: [string, string, number, { method?: string; headers?: Record<string, string> }?][] = [
      ['page', `${o}/wall`, 200],
      ['embed', `${o}/embed/apps/${TEST_CLUSTER}/${ns}/${app.appId}/timeline`, 200],
      ['API', `${o}/api/apps`, 200],
      ['health', `${o}/healthz`, 200],
      ['readiness', `${o}/readyz`, 200],
      ['metrics', `${o}/metrics`, 200],
      ['old link redirected', `${o}/apps/${ns}/${app.appId}`, 308],
      ['API bad query', `${o}/api/counts?from=yesterday`, 400],
      ['page with broken percent-encoding', `${o}/apps/%E0%A4%A`, 400],
      ['API not signed in', `${p}/api/apps`, 401],
      ['sign-in page', `${p}/`, 401],
      ['refused token page', `${p}/wall?token=not-a-token`, 401],
      ['API forbidden to a token', `${o}/api/apps/${TEST_CLUSTER}/${ns}/${app.appId}`, 403, { headers: { Authorization: `Bearer ${token}` } }],
      ['page forbidden to a token', `${o}/?token=${token}`, 403],
      ['embed forbidden to a token', `${o}/embed/apps/${TEST_CLUSTER}/${ns}/${app.appId}/timeline?token=${token}`, 403],
      ['API unknown route', `${o}/api/nothing`, 404],
      ['API unknown pod', `${o}/api/pods/${TEST_CLUSTER}/${ns}/nobody`, 404],
      ['API write', `${o}/api/apps`, 405, { method: 'POST' }],
      ['another host name', `${o}/api/apps`, 421, { headers: { Host: 'evil.example.com' } }],
      ['page handler failing', `${o}/boom`, 500],
      ['live connection from another origin', `${o}/socket.io/?EIO=4&transport=polling`, 403, { headers: { Origin: 'https://evil.example.com' } }],
      ['live connection not signed in (handshake)', `${p}/socket.io/?EIO=4&transport=polling`, 200],
    ];
    for (const [what, url, status, options] of cases) {
      const res = await request(url, options);
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(what, res.headers);
    }
    // A person through the proxy sees the same headers on a page.
    expectSecurityHeaders('signed-in page', (await getAs(p, '/wall', viaProxy('alice'))).headers);
  });

  it('429: a fifth log followed at once from one address is refused, with the headers', async () => {
    const path = `/api/pods/${TEST_CLUSTER}/${ns}/${app.driverName}/log`;
    const url = new URL(path, open.dashboard.url);
    const held: http.ClientRequest[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.get(url, (res) => resolve(res.statusCode ?? 0));
          req.on('error', reject);
          held.push(req);
        });
        expect(status).toBe(200);
      }
      const refused = await request(url.href);
      expect(refused.status).toBe(429);
      expectSecurityHeaders('429', refused.headers);
    } finally {
      for (const r of held) r.destroy();
    }
  });
});
