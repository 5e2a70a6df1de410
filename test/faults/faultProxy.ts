// A TLS-terminating proxy between the dashboard and a Kubernetes API server, so a fault test
// can make the API answer what a troubled one does: latency on every request and every
// streamed chunk, 403 / 500 / 429 (with the Status bodies and Retry-After a real server sends)
// for a while, or a watch stream cut in the middle of a JSON line. The dashboard trusts the
// proxy's own CA; the proxy reaches the API with the admin client certificate.

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { makeCert } from '../k8s/controlPlane';

export interface Upstream {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export type InjectedStatus = 403 | 429 | 500;

export interface FaultProxy {
  port: number;
  /** A kubeconfig for the dashboard: the proxy's address and CA. */
  kubeconfigPath: string;
  setLatency(ms: number): void;
  /** Every request answers `status` until cleared with null; open watches are cut so they must ask again. */
  failWith(status: InjectedStatus | null): void;
  /** The next chunk of every open watch is cut in half and the connection dropped. */
  cutWatchesMidLine(): number;
  stats: { requests: number; injected: number; cutWatches: number };
  close(): Promise<void>;
}

const REASONS: Record<InjectedStatus, string> = { 403: 'Forbidden', 429: 'TooManyRequests', 500: 'InternalError' };
const MESSAGES: Record<InjectedStatus, string> = {
  403: 'pods is forbidden: User "spark-dashboard" cannot list resource "pods" in API group ""',
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: etcdserver: request timed out',
};

function statusBody(status: InjectedStatus): string {
  return JSON.stringify({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: MESSAGES[status], reason: REASONS[status], code: status,
    ...(status === 429 ? { details: { retryAfterSeconds: 1 } } : {}),
  });
}

interface OpenWatch { res: http.ServerResponse; cutNext: boolean }

export async function startFaultProxy(upstream: Upstream, dir: string): Promise<FaultProxy> {
  fs.mkdirSync(dir, { recursive: true });
  makeCert(dir, 'proxy-ca', '/CN=fault-proxy-ca', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  makeCert(dir, 'proxy', '/CN=localhost', ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], 'proxy-ca');
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const target = new URL(upstream.server);
  const agent = new https.Agent({ ca: upstream.caPem, cert: upstream.certPem, key: upstream.keyPem, keepAlive: true });
  let latencyMs = 0;
  let failing: InjectedStatus | null = null;
  const watches = new Set<OpenWatch>();
  const sockets = new Set<Socket>();
  const stats = { requests: 0, injected: 0, cutWatches: 0 };
  const later = (fn: () => void) => (latencyMs > 0 ? setTimeout(fn, latencyMs) : fn());

  const server = https.createServer({ cert: read('proxy.crt'), key: read('proxy.key') }, (req, res) => {
    stats.requests++;
    later(() => {
      if (failing !== null) {
        stats.injected++;
        const body = statusBody(failing);
        res.writeHead(failing, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(failing === 429 ? { 'Retry-After': '1' } : {}) });
        res.end(body);
        return;
      }
      const headers = { ...req.headers, host: target.host };
      delete headers.authorization;
      const out = https.request({ protocol: 'https:', hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const watch = /[?&]watch=(true|1)/.test(req.url ?? '') ? { res, cutNext: false } : null;
        if (watch) watches.add(watch);
        // Each chunk waits the latency in force when it arrived, in order (a later, shorter
        // latency never lets a chunk overtake an earlier one).
        let chain = Promise.resolve();
        const inOrder = (fn: () => void) => {
          const wait = latencyMs;
          chain = chain.then(() => (wait > 0 ? new Promise<void>((r) => setTimeout(r, wait)) : undefined)).then(fn);
        };
        up.on('data', (chunk: Buffer) => inOrder(() => {
          if (watch?.cutNext) {
            // Half a line, then the connection is gone: what a proxy or a node failure leaves behind.
            stats.cutWatches++;
            res.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))));
            watches.delete(watch);
            res.socket?.destroy();
            up.destroy();
            return;
          }
          res.write(chunk);
        }));
        up.on('end', () => inOrder(() => { if (watch) watches.delete(watch); res.end(); }));
        up.on('error', () => { if (watch) watches.delete(watch); res.destroy(); });
      });
      out.on('error', (e) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`fault proxy: upstream failed: ${e.message}`);
      });
      req.pipe(out);
    });
  });
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kubeconfigPath = path.join(dir, 'dashboard.kubeconfig');
  fs.writeFileSync(kubeconfigPath, `apiVersion: v1
kind: Config
clusters:
- name: behind-proxy
  cluster:
    server: https://127.0.0.1:${port}
    certificate-authority-data: ${Buffer.from(read('proxy-ca.crt')).toString('base64')}
users:
- name: dashboard
  user: { token: through-the-fault-proxy }
contexts:
- name: behind-proxy
  context: { cluster: behind-proxy, user: dashboard }
current-context: behind-proxy
`, { mode: 0o600 });

  return {
    port, kubeconfigPath, stats,
    setLatency: (ms) => { latencyMs = Math.max(0, ms); },
    failWith: (status) => {
      failing = status;
      // Watches opened before keep streaming unless cut: a failing API drops them too.
      if (status !== null) for (const w of watches) { w.res.socket?.destroy(); watches.delete(w); }
    },
    cutWatchesMidLine: () => { for (const w of watches) w.cutNext = true; return watches.size; },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      server.close(() => resolve());
    }),
  };
}
