// Property-based fuzzing of every HTTP route the server itself answers (the JSON API, health,
// metrics, socket.io's polling path, and the page paths, which this harness serves without
// Next's pages: e2e/fuzz.spec.ts fuzzes those against the real pages). Random, unicode and
// percent-encoded (also broken) path segments and query strings: never a 500, never a hang,
// JSON errors under /api.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_APP_ID, pendingExecutor } from '../../lib/spark/testing/podFixtures';
import { useBackend } from '../contract/backends';
import { startTestDashboard, type TestDashboard } from '../contract/dashboardHarness';
import { createNamespace, createPod, uniqueName } from '../contract/kubeOps';
import { formatHealth, formatMemory, probeHealthz, rawRequest, retainedHeap, sampleMemory } from './abuseHarness';
import { queryArbitrary, segmentArbitrary } from './httpArbitraries';

describe('path and query fuzzing of every route', () => {
  const { backend } = useBackend('embedded');
  let t: TestDashboard;
  let origin: string;
  let ns: string;

  beforeAll(async () => {
    ns = uniqueName('spd-fuzz');
    const api = backend().transport('admin');
    await createNamespace(api, ns);
    await createPod(api, ns, pendingExecutor(1, { namespace: ns }), { nodeName: 'ip-10-0-1-1.ec2.internal' });
    t = await startTestDashboard(backend(), { namespaces: [ns] });
    origin = new URL(t.dashboard.url).origin;
  });
  afterAll(async () => { await t?.close(); });

  it('never answers 500 nor hangs, and answers JSON under /api', async () => {
    const seg = () => segmentArbitrary([ns, FIXTURE_APP_ID, 'apps', 'pods', 'counts', 'health', 'driver', 'history', 'volumes', 'rbac']);
    const path = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom('apps', 'pods', 'counts', 'health', 'nope'), fc.array(seg(), { maxLength: 4 })).map(([head, rest]) => `/api/${[head, ...rest].join('/')}`) },
      { weight: 2, arbitrary: fc.array(seg(), { maxLength: 4 }).map((rest) => `/api/apps/${ns}/${FIXTURE_APP_ID}/${rest.join('/')}`) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('/healthz', '/readyz', '/metrics', '/wall', '/', '/socket.io/'), fc.array(seg(), { maxLength: 2 })).map(([head, rest]) => (rest.length ? `${head.replace(/\/$/, '')}/${rest.join('/')}` : head)) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('/embed', '/apps'), fc.array(seg(), { maxLength: 4 })).map(([head, rest]) => `${head}/${rest.join('/')}`) },
    );
    const request = fc.tuple(path, queryArbitrary(['from', 'to', 'points', 'ns', 'state', 'q', 'sort', 'dir', 'EIO', 'transport', 'sid', 'theme', 'accent', 'interval']), fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE'));
    const statuses = new Map<number, number>();
    const memory = sampleMemory();
    const health = probeHealthz(origin);
    await fc.assert(fc.asyncProperty(request, async ([p, query, method]) => {
      const res = await rawRequest(origin, p + query, {}, { method, timeoutMs: 10_000 });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${method} ${p}${query}: ${res.body.slice(0, 200)}`).not.toBe(500);
      expect(res.status).toBeLessThan(600);
      // Dot segments (also %2e%2e) resolve as in a browser: /api/apps/../.. is the overview page.
      if (new URL(p, 'http://dashboard.local').pathname.startsWith('/api/') && method !== 'HEAD') {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const body = JSON.parse(res.body);
        if (res.status >= 400) expect(typeof body.error).toBe('string');
      }
    }), { numRuns: 600 });
    const mem = await memory.stop();
    const h = await health.stop();
    console.log(`route fuzzing: 600 requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n  ${formatMemory(mem)}\n  ${formatHealth(h)}`);
    expect(h.failed).toBe(0);
    expect(retainedHeap(mem)).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);
});
