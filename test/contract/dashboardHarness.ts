// Starts the dashboard server (without Next's pages) on port 0 against a backend, scoped to
// one test namespace so tests sharing a cluster never see each other's pods, plus a socket
// client that speaks the same protocol as the browser.

import { KubeConfig } from '@kubernetes/client-node';
import { LiveClient } from '../../components/data/liveClient';
import { parseScopeKey, type Scope } from '../../lib/snapshot/scope';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import { loadConfig } from '../../server/config';
import type { ClusterEngine } from '../../server/engine/clusterEngine';
import { startDashboard, type Dashboard, type PageHandler } from '../../server/frontDoor';
import type { PacingLimits } from '../../server/live/clientPacing';
import { createLogger } from '../../server/log';
import type { Backend, Identity } from './backends';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

/** The id the test dashboards give the one cluster they watch. */
export const TEST_CLUSTER = 'test';

export interface TestDashboard {
  dashboard: Dashboard;
  /** The engine of its one cluster (TEST_CLUSTER). */
  engine: ClusterEngine;
  /** A scope's published state, as a new subscriber would get it. */
  scopeState(key: string): ScopeState | null;
  /** Present with `viaProxy`: takes the API away from this dashboard only. */
  proxy: TcpProxy | null;
  logs: string[];
  client(): LiveClient;
  /** Subscribes a fresh client to `scope` and returns a getter of its latest state. */
  watchScope(scope: Scope): { state: () => ScopeState | null; client: LiveClient };
  getJson<T>(path: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startTestDashboard(backend: Backend, options: { namespaces: string[]; identity?: Identity; args?: string[]; backoffMs?: number; viaProxy?: boolean; pacing?: Partial<PacingLimits>; pages?: PageHandler }): Promise<TestDashboard> {
  const config = loadConfig([
    '--port', '0', '--namespaces', options.namespaces.join(','), '--poll-interval', '1h', '--batch-interval', '20ms',
    ...(options.args ?? []),
  ], {});
  const kc = new KubeConfig();
  kc.loadFromFile(backend.kubeconfigPath(options.identity ?? 'admin'));
  let proxy: TcpProxy | null = null;
  if (options.viaProxy) {
    const server = new URL(kc.getCurrentCluster()!.server);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    const cluster = kc.getCurrentCluster()!;
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: `https://${server.hostname}:${proxy!.port}` } : c));
  }
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => logs.push(l) });
  const dashboard = await startDashboard({
    config, clusters: [{ id: TEST_CLUSTER, name: `test (${backend.kind})`, kubeConfig: kc }], log, buildId: 'test', pacing: options.pacing, pages: options.pages,
    backoff: options.backoffMs ? { initialMs: options.backoffMs, maxMs: options.backoffMs * 2 } : undefined,
  });
  const engine = dashboard.engine(TEST_CLUSTER);
  const clients: LiveClient[] = [];
  const origin = new URL(dashboard.url).origin;
  const client = () => {
    const c = new LiveClient({ url: origin, path: '/socket.io', transports: ['websocket'], idleDisconnectMs: 10 });
    clients.push(c);
    return c;
  };
  return {
    dashboard, engine, proxy, logs, client,
    scopeState: (key) => {
      if (key === 'overview') return dashboard.overview.scopeState();
      const scope = parseScopeKey(key);
      return scope?.kind === 'app' ? engine.scopes.scopeState(scope.namespace, scope.appId) : null;
    },
    watchScope(scope) {
      const c = client();
      let latest: ScopeState | null = null;
      c.subscribe(scope, (s) => { latest = s; });
      return { state: () => latest, client: c };
    },
    async getJson<T>(path: string) {
      const res = await fetch(origin + path);
      const text = await res.text();
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* plain text (healthz, metrics) */ }
      return { status: res.status, body: body as T };
    },
    close: async () => {
      for (const c of clients) c.close();
      await dashboard.close();
      await proxy?.close();
    },
  };
}
