// Wires one dashboard: sources → store → hub, the JSON API, health and metrics, on one HTTP
// server that also serves the pages (a request handler passed in: Next.js in production,
// nothing in integration tests). main.ts decides the cluster and owns the process.

import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { assessHealth, type HealthReport } from '../lib/health/sourceHealth';
import { PROTOCOL_VERSION } from '../lib/protocol';
import type { Config } from './config';
import { createApiHandler } from './http/apiRoutes';
import { badRequestPage, isDecodablePath } from './http/badRequestPage';
import { resourceSecurityHeaders, STATIC_PAGE_CSP } from './http/securityHeaders';
import { createEventLoopMonitor, renderMetrics } from './http/metrics';
import { hostAllowed } from './http/originPolicy';
import { sendJson, sendText } from './http/respond';
import type { BackoffOptions } from './kube/backoff';
import { createKubeTransport, type KubeTransport } from './kube/kubeTransport';
import { ApiProbe } from './kube/apiProbe';
import { PodPollingSource } from './kube/podPollingSource';
import { ListWatchSource, PodWatchSource } from './kube/podWatchSource';
import { CLAIMS } from './kube/resourceListing';
import { ClaimStore } from './store/claimStore';
import { createVolumesRoute } from './http/volumesRoute';
import { createRbacRoute } from './http/rbacRoute';
import { createAppPodsReader, createPanelLoads } from './http/appResources';
import type { KubePersistentVolumeClaim } from '../lib/kube/types';
import { appKey, parseAppKey } from '../lib/snapshot/appSummary';
import { appScopeKey, parseScopeKey } from '../lib/snapshot/scope';
import { SPARK_APP_ID_LABEL } from '../lib/spark/labels';
import { DEFAULT_PACING_LIMITS, type PacingLimits } from './live/clientPacing';
import { createSocketHub, emptyRefusalCounts, type SocketHub } from './live/socketHub';
import type { Logger } from './log';
import { CountsHistory } from './store/countsHistory';
import { SnapshotStore } from './store/snapshotStore';

export type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface DashboardOptions {
  config: Config;
  kubeConfig: KubeConfig;
  log: Logger;
  buildId: string;
  pages?: PageHandler;
  /** Upgrades that are not socket.io's (Next's dev HMR). */
  upgrades?: UpgradeHandler;
  /** Retry schedule of the watch sources (tests widen it to act while a source waits). */
  backoff?: BackoffOptions;
  /** When a socket client counts as fallen behind (tests lower it; the byte cap and timeout are settings). */
  pacing?: Partial<PacingLimits>;
}

export interface Dashboard {
  server: http.Server;
  url: string;
  port: number;
  store: SnapshotStore;
  hub: SocketHub;
  transport: KubeTransport;
  watches: PodWatchSource[];
  polls: PodPollingSource[];
  probe: ApiProbe;
  health(): HealthReport;
  close(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { config, log } = options;
  const startedAt = Date.now();
  const transport = createKubeTransport(options.kubeConfig);
  const namespaces = config.namespaces.includes('*') ? ['*'] : config.namespaces;
  const store = new SnapshotStore({
    projection: { checkAllContainers: config.checkAllContainers, executorContainerName: config.executorContainerName, driverContainerName: config.driverContainerName },
    batchIntervalMs: config.batchInterval,
    overviewIntervalMs: config.overviewInterval,
    retentionMs: config.retention,
    maxDepartedPerApp: config.maxDepartedPerApp,
    maxTransitions: config.maxTransitions,
    driverLogSize: 200,
    watchedNamespaces: namespaces,
  }, log.child('store'));
  const counts = new CountsHistory(() => store.appSummaries(), { sampleIntervalMs: 10_000, maxSamples: 2160 });

  const common = { labelSelector: config.labelSelector, pageSize: config.pageSize };
  const watches = namespaces.map((namespace) => new PodWatchSource(transport, store, {
    ...common, namespace, watchTimeoutSeconds: Math.round(config.watchTimeout / 1000), idleTimeoutMs: config.watchTimeout + 60_000, backoff: options.backoff,
  }, log.child('watch')));
  const polls = namespaces.map((namespace) => new PodPollingSource(transport, store, {
    ...common, namespace, intervalMs: config.pollInterval, useResourceVersion0: config.pollResourceVersion0,
  }, log.child('poll')));
  // Claims are watched like pods (their changes reach open pages), but a dashboard that may
  // not read them still works: they are optional for readiness.
  const claims = new ClaimStore();
  const claimWatches = namespaces.map((namespace) => new ListWatchSource<KubePersistentVolumeClaim>(transport, CLAIMS, claims, {
    namespace, pageSize: config.pageSize, watchTimeoutSeconds: Math.round(config.watchTimeout / 1000), idleTimeoutMs: config.watchTimeout + 60_000, backoff: options.backoff,
  }, log.child('claims')));
  const probe = new ApiProbe(transport, store, {
    namespace: namespaces[0], labelSelector: config.labelSelector, intervalMs: config.apiProbeInterval, timeoutMs: config.apiProbeTimeout,
  }, log.child('probe'));
  // A reset cluster: every list-watch starts over from a fresh list (the store decides from the first).
  store.onReset(() => { for (const w of [...watches, ...claimWatches]) w.resync(); });
  const trackers = [...watches.map((w) => w.tracker), ...polls.map((p) => p.tracker), probe.tracker];
  const health = (): HealthReport => {
    const now = Date.now();
    const sources = trackers.map((t) => ({ ...t.health }));
    const reset = store.reset();
    return { at: now, sources, optional: claimWatches.map((w) => ({ ...w.tracker.health })), reset, ...assessHealth({ sources, now, pollIntervalMs: config.pollInterval, reset }) };
  };

  const base = config.basePath;
  const containerNames = { executor: config.executorContainerName, driver: config.driverContainerName };
  const redaction = { envValues: config.showEnvValues };
  const appPods = createAppPodsReader(transport, redaction);
  const panelLoads = createPanelLoads();
  const volumes = createVolumesRoute({
    transport, appPods, claims, containerNames, checkAllContainers: config.checkAllContainers, redaction, panelLoads,
    // Before every claims watch has listed, the store cannot tell "no claims" from "not known yet".
    claimsReadable: () => claimWatches.every((w) => w.tracker.health.synced && w.tracker.health.state !== 'retrying'),
  });
  const rbac = createRbacRoute({ transport, appPods, claims, panelLoads });
  const handleApi = createApiHandler({
    store, counts, transport, health, volumes, rbac, containerNames, redaction,
    podScope: { namespaces, labelSelector: config.labelSelector }, log: log.child('api'),
  });
  const refusals = emptyRefusalCounts();
  const eventLoop = createEventLoopMonitor();
  // DNS rebinding: every request and upgrade names a host the dashboard is known by.
  const misdirected = (req: http.IncomingMessage): string | null => {
    const decision = hostAllowed(req.headers.host, { bindHost: config.host, allowedHosts: config.allowedHosts });
    if (decision.ok) return null;
    refusals.host++;
    log.once('warn', `host:${req.socket.remoteAddress}`, 'refused a request for a host name the dashboard does not answer to', { host: req.headers.host, url: req.url, address: req.socket.remoteAddress });
    return decision.message + '\n';
  };
  const isSocketIo = (req: http.IncomingMessage) => (req.url ?? '').startsWith(`${base}/socket.io/`);
  let hub: SocketHub | null = null;

  const server = http.createServer((req, res) => {
    // Everything but pages (whose handler sets its own policy) may load nothing and be framed by no one.
    for (const [k, v] of Object.entries(resourceSecurityHeaders())) res.setHeader(k, v);
    const refusal = misdirected(req);
    if (refusal) return sendText(res, 421, refusal);
    if (isSocketIo(req)) return hub!.handleRequest(req, res);
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://dashboard.local');
      if (base && (url.pathname === base || url.pathname.startsWith(base + '/'))) url.pathname = url.pathname.slice(base.length) || '/';
      else if (base && !url.pathname.startsWith('/_next/')) {
        // Outside the base path only Next's assets may be asked for (they carry the prefix themselves).
        return sendText(res, 404, `Not found. The dashboard is served under ${base}/`);
      }
      switch (url.pathname) {
        case '/healthz':
          return sendText(res, 200, 'ok\n');
        case '/readyz': {
          const report = health();
          return sendJson(res, report.ready ? 200 : 503, {
            ready: report.ready, problems: report.problems, notices: report.notices ?? [], reset: report.reset ?? null,
            lastEventAgeSeconds: ageSeconds(report, 'lastEventAt'), lastSyncAgeSeconds: ageSeconds(report, 'lastSyncAt'),
            sources: report.sources,
          });
        }
        case '/metrics':
          return sendText(res, 200, renderMetrics({
            now: Date.now(), store: store.metrics, storeSize: store.size(), hub: hub!.metrics, refusals,
            watches: watches.map((w) => ({ namespace: w.tracker.health.namespace, ...w.metrics })),
            polls: polls.map((p) => ({ namespace: p.tracker.health.namespace, ...p.metrics })),
            sources: trackers.map((t) => t.health), memory: process.memoryUsage(),
            eventLoop: eventLoop.read(), activeResources: process.getActiveResourcesInfo().length,
          }), 'text/plain; version=0.0.4; charset=utf-8');
      }
      if (await handleApi(req, res, url)) return;
      if (!isDecodablePath(url.pathname)) {
        res.setHeader('Content-Security-Policy', STATIC_PAGE_CSP);
        return sendText(res, 400, badRequestPage(base), 'text/html; charset=utf-8');
      }
      if (options.pages) return options.pages(req, res);
      sendText(res, 404, 'Not found');
    })().catch((e) => {
      log.error('request failed', { url: req.url, error: String(e) });
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const refusal = misdirected(req);
    socket.on('error', () => { /* the client went away; nothing to answer */ });
    if (refusal) {
      socket.end(`HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refusal)}\r\n\r\n${refusal}`);
      return;
    }
    if (isSocketIo(req)) hub!.handleUpgrade(req, socket, head);
    else if (options.upgrades) options.upgrades(req, socket, head);
    else socket.destroy();
  });

  hub = createSocketHub({ store, health, refusals, log: log.child('live'), hello: { protocol: PROTOCOL_VERSION, buildId: options.buildId, startedAt } }, {
    maxScopesPerClient: 16, healthIntervalMs: 5000,
    pacing: { ...DEFAULT_PACING_LIMITS, maxQueuedBytes: config.maxClientQueue, slowClientTimeoutMs: config.slowClientTimeout, ...options.pacing },
    limits: {
      maxConnections: config.maxConnections, maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      messageRate: config.messageRate, messageBurst: config.messageBurst, addressMessageRate: config.addressMessageRate, addressMessageBurst: config.addressMessageBurst,
    },
    allowedOrigins: [...config.frameAncestors, ...config.allowedOrigins],
  });
  for (const t of trackers) t.onChange(() => hub!.broadcastHealth());
  // An application's volumes change with its claims and with the executors that come or go:
  // drop the cached answer first, then tell the open pages to fetch it again.
  const volumesChanged = (namespace: string, appId: string) => {
    appPods.invalidate(namespace, appId);
    volumes.invalidate(namespace, appId);
    hub!.invalidate(appScopeKey(namespace, appId), 'volumes');
  };
  claims.onChange((claim) => {
    const ns = claim.metadata?.namespace ?? '';
    const keys = new Set(store.appsUsingClaim(ns, claim.metadata?.name ?? ''));
    const owner = claim.metadata?.labels?.[SPARK_APP_ID_LABEL];
    if (owner !== undefined) keys.add(appKey(ns, owner));
    for (const key of keys) {
      const { namespace, appId } = parseAppKey(key);
      volumesChanged(namespace, appId);
    }
  });
  store.subscribe((diffs) => {
    for (const diff of diffs) {
      if (!diff.added?.length && !diff.removed?.length) continue;
      const scope = parseScopeKey(diff.scope);
      if (scope?.kind === 'app') volumesChanged(scope.namespace, scope.appId);
    }
  });

  store.start();
  counts.start();
  for (const w of watches) w.start();
  for (const p of polls) p.start();
  for (const w of claimWatches) w.start();
  probe.start();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}${base}`;

  let closed: Promise<void> | null = null;
  return {
    server, url, port, store, hub, transport, watches, polls, probe, health,
    close: () => closed ??= (async () => {
      probe.stop();
      eventLoop.stop();
      for (const w of watches) w.stop();
      for (const p of polls) p.stop();
      for (const w of claimWatches) w.stop();
      counts.stop();
      store.stop();
      server.closeAllConnections?.();
      await hub!.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })(),
  };
}

function ageSeconds(report: HealthReport, field: 'lastEventAt' | 'lastSyncAt'): number | null {
  const times = report.sources.map((s) => s[field]).filter((t): t is number => t !== null);
  return times.length ? Math.round((report.at - Math.max(...times)) / 100) / 10 : null;
}
