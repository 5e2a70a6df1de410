// Floods of every message a client can send, valid or not, oversize frames and malformed
// engine.io / socket.io packets over a bare websocket. Against the default limits the flooder
// is told, then disconnected; with the limits lifted every message reaches its handler, and
// still costs bounded work: memory and /healthz stay bounded, other clients keep their diffs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_APP_ID, pendingExecutor } from '../../lib/spark/testing/podFixtures';
import { useBackend } from '../contract/backends';
import { startTestDashboard, TEST_CLUSTER, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, createPod, uniqueName, waitFor } from '../contract/kubeOps';
import { formatHealth, formatMemory, probeHealthz, RawSocketIo, rawRequest, readMetrics, retainedHeap, sampleMemory } from './abuseHarness';

const FLOOD = 2000;
const NODE = 'ip-10-0-1-1.ec2.internal';

describe('message floods', () => {
  const { backend } = useBackend('embedded');
  let ns: string;
  let limited: TestDashboard;
  let lifted: TestDashboard;
  const appScope = () => ({ kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: FIXTURE_APP_ID });

  beforeAll(async () => {
    ns = uniqueName('spd-msgs');
    const api = backend().transport('admin');
    await createNamespace(api, ns);
    for (let id = 1; id <= 5; id++) await createPod(api, ns, pendingExecutor(id, { namespace: ns }), { nodeName: NODE });
    limited = await startTestDashboard(backend(), { namespaces: [ns] });
    lifted = await startTestDashboard(backend(), { namespaces: [ns], args: ['--message-rate', '1000000', '--message-burst', '1000000', '--address-message-rate', '1000000', '--address-message-burst', '1000000'] });
  });
  afterAll(async () => {
    await limited?.close();
    await lifted?.close();
  });

  const big = 'x'.repeat(60 * 1024);
  const floods: { name: string; frame: (i: number) => string; rejected: boolean }[] = [
    { name: 'subscribe to valid scopes', frame: (i) => `42${i}${JSON.stringify(['subscribe', i % 2 ? appScope() : { kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: `app-${i % 40}` }])}`, rejected: false },
    { name: 'subscribe to invalid scopes', frame: (i) => `42${i}${JSON.stringify(['subscribe', [null, 42, 'overview', { kind: 'app', cluster: TEST_CLUSTER, namespace: '../../etc', appId: 'x' }, { kind: '<script>' }][i % 5]])}`, rejected: true },
    { name: 'unsubscribe', frame: (i) => `42${JSON.stringify(['unsubscribe', i % 3 ? appScope() : { kind: 'nope' }])}`, rejected: false },
    { name: 'resync', frame: (i) => `42${JSON.stringify(['resync', i % 3 ? appScope() : { kind: 'app', cluster: TEST_CLUSTER, namespace: ns, appId: `other-${i}` }])}`, rejected: false },
    { name: 'unknown event names', frame: (i) => `42${JSON.stringify([`event-${i}-${'é'.repeat(i % 50)}`, { i }])}`, rejected: true },
    { name: 'huge payloads (60 KB, under maxHttpBufferSize)', frame: (i) => `42${JSON.stringify([['subscribe', 'resync', `x${i}`][i % 3], { kind: big }])}`, rejected: true },
    { name: 'deeply nested payloads', frame: () => `42["subscribe",${'['.repeat(5000)}${']'.repeat(5000)}]`, rejected: true },
  ];

  for (const flood of floods) {
    it(`${FLOOD} × ${flood.name}: bounded, and the flooder is told then disconnected`, async () => {
      for (const [label, t] of [['limits lifted', lifted], ['default limits', limited]] as const) {
        const origin = new URL(t.dashboard.url).origin;
        const bystander = t.watchScope({ kind: 'overview' });
        await waitFor('the bystander subscribed', () => bystander.state());
        const before = await readMetrics(origin);
        const client = await RawSocketIo.open(origin);
        const memory = sampleMemory();
        const health = probeHealthz(origin);
        await client.flood(FLOOD, flood.frame);
        if (label === 'limits lifted') {
          // Every message reached its handler: rejected ones are counted, the others answered.
          await waitFor('the flood handled', async () => {
            const m = await readMetrics(origin);
            return !flood.rejected || m('spark_dashboard_rejected_client_messages_total')! - before('spark_dashboard_rejected_client_messages_total')! >= FLOOD * 0.2;
          });
          // A round trip after the flood: the server has read everything before it.
          client.emitWithId(999_999, 'subscribe', { kind: 'overview' });
          await waitFor('the round trip', () => client.received.some((m) => m.startsWith('43999999')), 30_000);
        } else {
          await client.closed;
        }
        const mem = await memory.stop();
        const h = await health.stop();
        const after = await readMetrics(origin);
        const delta = (name: string, labels?: Record<string, string>) => after(name, labels)! - before(name, labels)!;
        console.log(`${flood.name}, ${label}: ${delta('spark_dashboard_rejected_client_messages_total')} rejected, ${delta('spark_dashboard_refusals_total', { reason: 'message_rate' })} refused, ` +
          `${delta('spark_dashboard_socket_snapshots_sent_total')} snapshots, ${client.isOpen ? 'still connected' : 'disconnected'}\n  ${formatMemory(mem)}\n  ${formatHealth(h)}`);
        // What the flood left behind, and a loose bound on its garbage (the 60 KB frames alone are 120 MB).
        expect(retainedHeap(mem)).toBeLessThan(32 * 1024 * 1024);
        expect(mem.heapPeak - mem.heapBefore).toBeLessThan(256 * 1024 * 1024);
        expect(h.failed).toBe(0);
        if (label === 'limits lifted') {
          expect(client.isOpen).toBe(true);
          // One snapshot per distinct scope at most: repeated subscribes to a scope whose snapshot is unacknowledged cost nothing.
          expect(delta('spark_dashboard_socket_snapshots_sent_total')).toBeLessThanOrEqual(42);
        } else {
          expect(delta('spark_dashboard_refusals_total', { reason: 'message_rate' })).toBeGreaterThan(0);
          expect(delta('spark_dashboard_socket_disconnections_total', { reason: 'message_rate' })).toBe(1);
          // Told before it was disconnected.
          expect(client.count('limited')).toBe(1);
        }
        // The bystander never noticed.
        expect(bystander.client.getConnection().status).toBe('live');
        expect(bystander.client.stats.gaps).toBe(0);
        bystander.client.close();
        client.close();
      }
    });
  }

  it('a frame over maxHttpBufferSize closes that connection only; malformed packets are dropped with their connection', async () => {
    const t = lifted;
    const origin = new URL(t.dashboard.url).origin;
    const bystander = t.watchScope({ kind: 'overview' });
    await waitFor('the bystander subscribed', () => bystander.state());
    const memory = sampleMemory();
    const oversize = await RawSocketIo.open(origin);
    oversize.sendRaw(`42${JSON.stringify(['subscribe', { kind: 'x'.repeat(2 * 1024 * 1024) }])}`);
    // 1009: message too big (ws enforces engine.io's maxHttpBufferSize before buffering it all).
    expect((await oversize.closed).code).toBe(1009);

    const malformed = ['4', '42', '42{', '42["subscribe",', '4[]', '49', '4-1', '9', 'x', '0', '1', '6', '40/', '40/admin,', '42/nope,["subscribe"]', '43["ack"]', '45', '451-["x",{"_placeholder":true,"num":0}]', '42[1,2,3]', '42["error"]', '42["disconnect"]', '\u0000\u0001'];
    for (const frame of malformed) {
      const c = await RawSocketIo.open(origin);
      c.sendRaw(frame);
      c.emitWithId(7, 'subscribe', { kind: 'overview' });
      // Either dropped with its connection, or ignored and the connection still answers.
      const outcome = await Promise.race([c.closed.then(() => 'closed'), waitFor('an answer', () => c.received.some((m) => m.startsWith('437')), 10_000).then(() => 'answered')]);
      expect(['closed', 'answered'], frame).toContain(outcome);
      c.close();
    }
    const binary = await RawSocketIo.open(origin);
    binary.sendRaw(Buffer.from([0xff, 0x00, 0x42, 0x13]));
    binary.emitWithId(8, 'subscribe', { kind: 'overview' });
    await Promise.race([binary.closed, waitFor('an answer', () => binary.received.some((m) => m.startsWith('438')), 10_000)]);
    binary.close();

    // Oversize and malformed bodies over long polling.
    const handshake = await rawRequest(origin, '/socket.io/?EIO=4&transport=polling');
    const sid = JSON.parse(handshake.body.slice(1)).sid as string;
    // engine.io answers 413 and destroys the connection: the client sees the status or the reset, whichever comes first.
    const post = await rawRequest(origin, `/socket.io/?EIO=4&transport=polling&sid=${sid}`, { 'Content-Type': 'text/plain' }, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })
      .then((r) => r.status, (e: NodeJS.ErrnoException) => e.code);
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(post);
    const junk = await rawRequest(origin, `/socket.io/?EIO=4&transport=polling&sid=nope`, {}, { method: 'POST', body: '40' });
    expect(junk.status).toBe(400);

    const mem = await memory.stop();
    console.log(`oversize and malformed frames: ${formatMemory(mem)}`);
    expect(retainedHeap(mem)).toBeLessThan(32 * 1024 * 1024);
    expect((await rawRequest(origin, '/healthz')).status).toBe(200);
    expect(bystander.client.getConnection().status).toBe('live');
    expect(bystander.client.stats.gaps).toBe(0);
    bystander.client.close();
  });
});
