// Thousands of connections from one address: the per-address limit refuses beyond it with a
// clear message, the total limit likewise, the server stays responsive with bounded memory,
// and everything is released when the clients go (clients metric back to 0, slots free again).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../contract/backends';
import { startTestDashboard, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, uniqueName, waitFor } from '../contract/kubeOps';
import { formatHealth, formatMemory, inParallel, mb, probeHealthz, RawSocketIo, readMetrics, RefusedError, retainedHeap, sampleMemory } from './abuseHarness';

const ATTEMPTS = 2000;
const PER_ADDRESS = 1500;

describe('thousands of connections', () => {
  const { backend } = useBackend('embedded');
  let t: TestDashboard;
  let small: TestDashboard;

  beforeAll(async () => {
    const ns = uniqueName('spd-conns');
    await createNamespace(backend().transport('admin'), ns);
    // Their subscribes would also meet the per-address message limit (400 at once): lift it here.
    t = await startTestDashboard(backend(), { namespaces: [ns], args: ['--max-connections-per-address', String(PER_ADDRESS), '--address-message-burst', '10000'] });
    small = await startTestDashboard(backend(), { namespaces: [ns], args: ['--max-connections', '20'] });
  });
  afterAll(async () => {
    await t?.close();
    await small?.close();
  });

  it(`${ATTEMPTS} connections from one address: ${PER_ADDRESS} admitted, the rest refused, all released after`, async () => {
    const origin = new URL(t.dashboard.url).origin;
    const before = await readMetrics(origin);
    const memory = sampleMemory();
    const health = probeHealthz(origin);
    const started = performance.now();
    const clients: RawSocketIo[] = [];
    const refusals: RefusedError[] = [];
    await inParallel(ATTEMPTS, 50, async () => {
      try {
        const c = await RawSocketIo.open(origin);
        c.emit('subscribe', { kind: 'overview' });
        clients.push(c);
      } catch (e) {
        if (!(e instanceof RefusedError)) throw e;
        refusals.push(e);
      }
    });
    const opened = performance.now() - started;
    await waitFor('every admitted client subscribed', () => clients.every((c) => c.count('snapshot') === 1), 60_000);
    const connected = await readMetrics(origin);
    const h = await health.stop();
    const peak = process.memoryUsage();
    expect(clients).toHaveLength(PER_ADDRESS);
    expect(refusals).toHaveLength(ATTEMPTS - PER_ADDRESS);
    expect(refusals[0].body).toMatch(/at most 1500 per address \(--max-connections-per-address\)/);
    expect(connected('spark_dashboard_socket_clients')).toBe(PER_ADDRESS);
    expect(connected('spark_dashboard_refusals_total', { reason: 'connections_per_address' })! - before('spark_dashboard_refusals_total', { reason: 'connections_per_address' })!).toBe(ATTEMPTS - PER_ADDRESS);
    expect(t.logs.filter((l) => l.includes('refused a socket connection'))).toHaveLength(1);
    expect(h.failed).toBe(0);
    expect(h.answered).toBeGreaterThan(0);

    for (const c of clients) c.close();
    clients.length = 0;
    await waitFor('every client gone', async () => (await readMetrics(origin))('spark_dashboard_socket_clients') === 0, 30_000);
    const mem = await memory.stop();
    // Slots are free again.
    const again = await RawSocketIo.open(origin);
    again.close();
    console.log(`${ATTEMPTS} connections in ${(opened / 1000).toFixed(1)} s, ${PER_ADDRESS} admitted: RSS with all connected ${mb(peak.rss)}, heap ${mb(peak.heapUsed)} (${((peak.heapUsed - mem.heapBefore) / PER_ADDRESS / 1024).toFixed(1)} KB per connection, client side included)\n  ${formatMemory(mem)}\n  ${formatHealth(h)}`);
    // Nothing of the closed connections stays behind (a pending acknowledgement timer once kept each for 15 s).
    expect(retainedHeap(mem)).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);

  it('the total limit refuses beyond it, with the setting to raise', async () => {
    const origin = new URL(small.dashboard.url).origin;
    const clients = await Promise.all(Array.from({ length: 20 }, () => RawSocketIo.open(origin)));
    const refused = await RawSocketIo.open(origin).then((c) => { c.close(); return null; }, (e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).body).toMatch(/limit of 20 live connections \(--max-connections\)/);
    expect((await readMetrics(origin))('spark_dashboard_refusals_total', { reason: 'connections_total' })).toBe(1);
    for (const c of clients) c.close();
    clients.length = 0;
    await waitFor('a slot free again', () => RawSocketIo.open(origin).then((c) => { c.close(); return true; }, () => false));
  });
});
