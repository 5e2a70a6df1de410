import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeTransport, KubeApiError, type KubeTransport } from './kubeTransport';
import { listAll, listIntoSession, PODS, streamList } from './resourceListing';
import type { ListingOutcome } from '../store/snapshotSink';

// A plain HTTP server standing in for the API: pages of `total` numbered objects, written in
// small chunks (as a real server flushes them), with the answers a test asks for.
let server: http.Server;
let transport: KubeTransport;
let mode: 'pages' | 'whole' | 'silent' | 'forbidden' | 'garbage' | 'cut' | 'no-items' = 'pages';
const requests: URLSearchParams[] = [];
const total = 7;
const item = (i: number) => ({ metadata: { name: `pod-${i}`, uid: `u${i}`, resourceVersion: String(100 + i), annotations: { tricky: '"}]{[\\' } } });

function answer(res: http.ServerResponse, q: URLSearchParams) {
  if (mode === 'forbidden') {
    res.writeHead(403, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods is forbidden: User "x" cannot list resource "pods"', reason: 'Forbidden', code: 403 }));
  }
  if (mode === 'silent') { res.writeHead(200); res.write('{"metadata":{'); return; }
  if (mode === 'garbage') { res.writeHead(200); return res.end('<html>proxy error</html>'); }
  if (mode === 'no-items') { res.writeHead(200); return res.end('{"kind":"Status","metadata":{}}'); }
  const limit = mode === 'whole' ? total : Number(q.get('limit'));
  const from = q.get('continue') ? Number(q.get('continue')) : 0;
  const to = Math.min(total, from + limit);
  const meta = { resourceVersion: '500', ...(to < total ? { continue: String(to) } : {}) };
  const text = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: meta, items: Array.from({ length: to - from }, (_, i) => item(from + i)) });
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const bytes = Buffer.from(text);
  if (mode === 'cut') { res.write(bytes.subarray(0, bytes.length / 2)); setTimeout(() => res.socket?.destroy(), 20); return; }
  for (let i = 0; i < bytes.length; i += 17) res.write(bytes.subarray(i, i + 17));
  res.end();
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    requests.push(q);
    answer(res, q);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
  });
  transport = createKubeTransport(kc, { requestTimeoutMs: 2000 });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const options = { namespace: 'spark', labelSelector: 'spark-role', pageSize: 3 };

describe('streamList over HTTP', () => {
  it('reads every page, item by item, with the first page\'s resourceVersion before any item', async () => {
    mode = 'pages';
    requests.length = 0;
    const seen: string[] = [];
    const r = await streamList<{ metadata: { name: string } }>(transport, PODS, options, {
      onStart: (rv) => seen.push(`start ${rv}`),
      onItem: (p) => seen.push(p.metadata.name),
    });
    expect(seen).toEqual(['start 500', ...Array.from({ length: total }, (_, i) => `pod-${i}`)]);
    expect(r).toEqual({ resourceVersion: '500', pages: 3, items: total });
    expect(requests.map((q) => [q.get('limit'), q.get('continue'), q.get('labelSelector')])).toEqual([['3', null, 'spark-role'], ['3', '3', 'spark-role'], ['3', '6', 'spark-role']]);
  });

  it('reads an answer that ignores limit (resourceVersion=0 from the cache) the same way', async () => {
    mode = 'whole';
    const all = await listAll<{ metadata: { annotations: Record<string, string> } }>(transport, PODS, { ...options, resourceVersion: '0' });
    expect(all.items).toHaveLength(total);
    expect(all.items[3].metadata.annotations.tricky).toBe('"}]{[\\');
    expect(all.pages).toBe(1);
  });

  it('says what went wrong: a Status, silence, a cut connection, an answer that is not a list', async () => {
    mode = 'forbidden';
    await expect(listAll(transport, PODS, options)).rejects.toMatchObject({ status: 403, reason: 'Forbidden', message: expect.stringContaining('cannot list resource "pods"') });
    mode = 'silent';
    await expect(listAll(transport, PODS, { ...options, timeoutMs: 300 })).rejects.toMatchObject({ reason: 'Timeout' });
    mode = 'cut';
    await expect(listAll(transport, PODS, options)).rejects.toBeInstanceOf(KubeApiError);
    mode = 'garbage';
    await expect(listAll(transport, PODS, options)).rejects.toMatchObject({ reason: 'MalformedResponse', message: expect.stringContaining('opening {') });
    mode = 'no-items';
    await expect(listAll(transport, PODS, options)).rejects.toMatchObject({ reason: 'MalformedResponse', message: expect.stringContaining('no items array') });
  });
});

describe('listIntoSession', () => {
  it('applies each item as it is read and finishes once', async () => {
    mode = 'pages';
    const added: string[] = [];
    let finished = 0;
    const r = await listIntoSession<{ metadata: { name: string } }>(transport, PODS, options, (rv) => {
      expect(rv).toBe('500');
      return { add: (p) => added.push(p.metadata.name), finish: (): ListingOutcome => { finished++; return 'applied'; } };
    });
    expect(r.outcome).toBe('applied');
    expect(added).toHaveLength(total);
    expect(finished).toBe(1);
  });

  it('objects the session holds unchanged are counted without being read', async () => {
    mode = 'pages';
    const added: string[] = [];
    const asked: string[] = [];
    const r = await listIntoSession<{ metadata: { name: string } }>(transport, PODS, options, () => ({
      add: (p) => added.push(p.metadata.name),
      unchanged: (uid, rv) => { asked.push(`${uid}@${rv}`); return uid === 'u2' || uid === 'u5'; },
      finish: (): ListingOutcome => 'applied',
    }));
    expect(asked).toEqual(Array.from({ length: total }, (_, i) => `u${i}@${100 + i}`));
    expect(r.items).toBe(total);
    expect(added).toEqual(['pod-0', 'pod-1', 'pod-3', 'pod-4', 'pod-6']);
  });

  it('stops reading a list the sink declines, and never finishes a list that failed half-way', async () => {
    mode = 'pages';
    requests.length = 0;
    expect((await listIntoSession(transport, PODS, options, () => 'stale')).outcome).toBe('stale');
    expect(requests).toHaveLength(1);
    mode = 'cut';
    let finished = false;
    await expect(listIntoSession(transport, PODS, options, () => ({ add: () => {}, finish: (): ListingOutcome => { finished = true; return 'applied'; } }))).rejects.toBeInstanceOf(KubeApiError);
    expect(finished).toBe(false);
  });
});
