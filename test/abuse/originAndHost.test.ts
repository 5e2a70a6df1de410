// Defect: socket.io accepted connections from any Origin (a page on another origin read a
// snapshot) and any Host header was served (DNS rebinding). Hostile headers over raw HTTP and
// websocket upgrades are refused, with the setting that would admit them; allowed ones pass.
// (The Host policy beyond loopback is covered by originPolicy's unit tests: these servers only
// listen on 127.0.0.1.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../contract/backends';
import { startTestDashboard, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, uniqueName } from '../contract/kubeOps';
import { rawRequest, RawSocketIo, readMetrics, RefusedError, upgradeHeaders } from './abuseHarness';

describe('hostile Origin and Host headers', () => {
  const { backend } = useBackend('embedded');
  let t: TestDashboard;
  let origin: string;
  let port: string;

  beforeAll(async () => {
    const ns = uniqueName('spd-origin');
    await createNamespace(backend().transport('admin'), ns);
    t = await startTestDashboard(backend(), { namespaces: [ns], args: ['--frame-ancestors', 'http://localhost:5999,https://*.portal.example.com', '--allowed-origins', 'https://ops.example.com'] });
    origin = new URL(t.dashboard.url).origin;
    port = new URL(origin).port;
  });
  afterAll(async () => { await t?.close(); });

  const routes = ['/healthz', '/readyz', '/metrics', '/api/apps', '/apps/ns/app', '/socket.io/?EIO=4&transport=polling'];

  it('answers 421, saying which setting to use, to every route asked for another host name (DNS rebinding)', async () => {
    const before = await readMetrics(origin);
    for (const path of routes) {
      for (const host of [`evil.example:${port}`, 'rebind.attacker.example', `10.1.2.3:${port}`]) {
        const res = await rawRequest(origin, path, { Host: host });
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(res.body).toMatch(/--allowed-hosts/);
      }
    }
    // The websocket upgrade too, before socket.io sees it.
    const upgrade = await rawRequest(origin, '/socket.io/?EIO=4&transport=websocket', upgradeHeaders({ Host: `evil.example:${port}` }));
    expect(upgrade.status).toBe(421);
    await expect(RawSocketIo.open(origin, { headers: { Host: `evil.example:${port}` } })).rejects.toMatchObject({ status: 421 });
    const after = await readMetrics(origin);
    expect(after('spark_dashboard_refusals_total', { reason: 'host' })! - before('spark_dashboard_refusals_total', { reason: 'host' })!).toBe(routes.length * 3 + 2);
    // Logged once per remote address, with context.
    expect(t.logs.filter((l) => l.includes('a host name the dashboard does not answer to'))).toHaveLength(1);
  });

  it('serves loopback names and addresses', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      const res = await rawRequest(origin, '/healthz', { Host: host });
      expect(res.status, host).toBe(200);
    }
    const upgrade = await rawRequest(origin, '/socket.io/?EIO=4&transport=websocket', upgradeHeaders({ Host: `localhost:${port}` }));
    expect(upgrade.status).toBe(101);
  });

  it('refuses socket.io handshakes from other origins, over websocket and polling', async () => {
    const before = await readMetrics(origin);
    for (const hostile of ['http://evil.example', `http://localhost:${port}`, `http://127.0.0.1:${Number(port) + 1}`, 'https://portal.example.com', 'null', 'http://ops.example.com']) {
      const refused = await RawSocketIo.open(origin, { headers: { Origin: hostile } }).then((c) => { c.close(); return null; }, (e: unknown) => e);
      expect(refused, hostile).toBeInstanceOf(RefusedError);
      expect((refused as RefusedError).body).toMatch(/--allowed-origins/);
      const polling = await rawRequest(origin, '/socket.io/?EIO=4&transport=polling', { Origin: hostile });
      expect(polling.status).toBe(403);
      expect(JSON.parse(polling.body).message).toMatch(/may not connect/);
    }
    const after = await readMetrics(origin);
    expect(after('spark_dashboard_refusals_total', { reason: 'origin' })! - before('spark_dashboard_refusals_total', { reason: 'origin' })!).toBe(12);
  });

  it('accepts its own origin, the frame ancestors, the allowed origins and clients that send no Origin', async () => {
    for (const allowed of [origin, 'http://localhost:5999', 'https://a.portal.example.com', 'https://ops.example.com', undefined]) {
      const client = await RawSocketIo.open(origin, { headers: allowed ? { Origin: allowed } : {} });
      client.emit('subscribe', { kind: 'overview' });
      await expect.poll(() => client.count('snapshot'), { message: String(allowed) }).toBe(1);
      client.close();
    }
  });
});
