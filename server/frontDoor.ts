// The front door: one HTTP server for the pages (a request handler passed in: Next.js in
// production, nothing in integration tests), the JSON API (lib/apiRoutes), socket.io, health
// and metrics, hosting one ClusterEngine per cluster. It checks the Host of every request,
// sets security headers, aggregates health (one cluster down never takes the others off the
// air), and routes scopes and API paths to the engine of their cluster. Every request is
// identified (a person, a kiosk token, or anyone with --auth none), every page served or
// refused is written to the audit log, and no URL is logged with its token. main.ts decides
// the clusters and owns the process.

import http from 'node:http';
import type { Duplex } from 'node:stream';
import { matchApiRoute, type ApiRouteName } from '../lib/apiRoutes';
import type { DashboardHealth } from '../lib/apiTypes';
import type { DriverLogEntry } from '../lib/snapshot/driverLog';
import { aggregateHealth } from '../lib/health/dashboardHealth';
import { PROTOCOL_VERSION } from '../lib/protocol';
import { operatorAppId } from '../lib/operator/operatorApp';
import { SPARK_APP_ID_LABEL } from '../lib/spark/labels';
import { OVERVIEW_SCOPE_KEY, appScopeKey, parseScopeKey } from '../lib/snapshot/scope';
import type { ClusterSpec } from './clusterSpecs';
import type { Config } from './config';
import { ClusterEngine } from './engine/clusterEngine';
import { createClusterReads, type ClusterReads } from './engine/clusterReads';
import type { HistoryService } from './history/historyService';
import { apiHandlers, type ApiContext, type HostedCluster } from './http/apiHandlers';
import { createPanelLoads } from './http/appResources';
import { badRequestPage, isDecodablePath } from './http/badRequestPage';
import { HttpError } from './http/httpError';
import { upgradeApiPath, upgradePagePath, type ClusterDirectory } from './http/legacyPaths';
import { createMetrics } from './http/metrics';
import { createLogFollows } from './http/logFollow';
import { createSparkLinks } from './http/sparkLinks';
import { createDriverUiLocator } from './http/driverUiLocator';
import { createServiceProxyAccess } from './http/serviceProxyAccess';
import { createSparkUiProxy } from './http/sparkUiProxy';
import { hostAllowed } from './http/originPolicy';
import { sendError, sendJson, sendText } from './http/respond';
import { resourceSecurityHeaders, STATIC_PAGE_CSP } from './http/securityHeaders';
import type { BackoffOptions } from './kube/backoff';
import type { PacingLimits } from './live/clientPacing';
import { DEFAULT_PACING_LIMITS } from './live/clientPacing';
import { createSocketHub, emptyRefusalCounts, type HubAccess, type ScopeSource, type SocketHub } from './live/socketHub';
import type { Logger } from './log';
import { realScheduler, type Scheduler } from './scheduling/scheduler';
import { OverviewScope } from './store/overviewScope';
import type { ScopeDiffListener } from './store/scopePublisher';
import { LIST_PODS, GET_POD_LOGS } from './access/accessReviews';
import { createDashboardAccess, type DashboardAccess } from './access/dashboardAccess';
import { publicReadiness } from './access/publicReadiness';
import { signInPage } from './access/signInPage';
import { EVERYONE, type ViewerAccess } from './access/viewerAccess';
import { ANONYMOUS } from '../lib/access/identity';
import { refusedPage, TOKEN_HELP } from './access/refusedPage';
import { mayRead } from '../lib/access/readableNamespaces';
import { logSafeUrl } from '../lib/access/logSafeUrl';
import { createAuditLog } from './access/auditLog';

export type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface DashboardOptions {
  config: Config;
  clusters: readonly ClusterSpec[];
  log: Logger;
  buildId: string;
  pages?: PageHandler;
  /** Upgrades that are not socket.io's (Next's dev HMR). */
  upgrades?: UpgradeHandler;
  /** Retry schedule of the watch sources (tests widen it to act while a source waits). */
  backoff?: BackoffOptions;
  /** When a socket client counts as fallen behind (tests lower it). */
  pacing?: Partial<PacingLimits>;
  scheduler?: Scheduler;
  /** The record (null or absent: --no-history). */
  history?: HistoryService | null;
}

export interface Dashboard {
  server: http.Server;
  url: string;
  port: number;
  engines: ClusterEngine[];
  engine(id: string): ClusterEngine;
  overview: OverviewScope;
  hub: SocketHub;
  health(): DashboardHealth;
  close(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { config, log } = options;
  const scheduler = options.scheduler ?? realScheduler;
  const startedAt = scheduler.now();
  if (!options.clusters.length) throw new Error('the dashboard needs at least one cluster');
  const overview = new OverviewScope(scheduler, config.maxTransitions);
  const refusals = emptyRefusalCounts();
  let hub: SocketHub | null = null;
  const hosted = new Map<string, HostedCluster>();
  const logFollows = createLogFollows(scheduler);
  const locator = createDriverUiLocator({ executorContainerName: config.executorContainerName });
  const sparkUiProxy = createSparkUiProxy({ enabled: config.sparkUiProxy, basePath: config.basePath, engine: (id) => hosted.get(id)?.engine, locator, log: log.child('spark-ui') });
  let tokenMetrics: DashboardAccess['tokenMetrics'] | null = null;
  const metrics = createMetrics({ tokens: () => tokenMetrics, sparkUiProxy: sparkUiProxy.metrics, engines: () => [...hosted.values()].map((h) => h.engine), hub: () => hub?.metrics ?? null, refusals, now: () => scheduler.now(), history: () => options.history ?? null, logFollows: logFollows.metrics });
  const panelLoads = createPanelLoads();
  for (const spec of options.clusters) {
    const latency = metrics.eventToDiff.labels({ cluster: spec.id });
    const engine = new ClusterEngine({
      id: spec.id, name: spec.name, kubeConfig: spec.kubeConfig, settings: config, overview, scheduler, backoff: options.backoff,
      log: options.clusters.length > 1 ? log.child(spec.id) : log, observeLatency: (s) => latency.observe(s),
    });
    const reads = createClusterReads(engine, {
      labelSelector: config.labelSelector, containerNames: { executor: config.executorContainerName, driver: config.driverContainerName },
      checkAllContainers: config.checkAllContainers, redaction: { envValues: config.showEnvValues }, panelLoads,
    });
    hosted.set(spec.id, { engine, reads });
    if (options.history) await attachHistory(options.history, engine, reads, config, scheduler, log.child('history'));
  }
  const engines = [...hosted.values()].map((h) => h.engine);

  // History degraded is said, but it does not make the dashboard unready: the live view works.
  const health = (): DashboardHealth => {
    const verdict = aggregateHealth(engines.map((e) => ({ id: e.id, name: e.name, ...e.health() })), scheduler.now());
    const problem = options.history?.problem() ?? null;
    return { ...verdict, notices: problem ? [...verdict.notices, problem] : verdict.notices, history: !options.history ? 'off' : problem ? 'degraded' : 'recording' };
  };
  const links = createSparkLinks({
    sparkUiUrl: config.sparkUiUrl, historyServerUrl: config.historyServerUrl, locator,
    sparkUiProxy: config.sparkUiProxy ? { basePath: config.basePath, access: createServiceProxyAccess() } : null,
  });
  // Who asks (--auth) and what Kubernetes lets them read: with '*' namespaces, those the engine sees pods in.
  const access = createDashboardAccess(config, () => engines.map((e) => ({
    id: e.id, transport: e.transport,
    namespaces: () => (e.namespaces.includes('*') ? [...new Set(e.overviewFeed.summaries().map((a) => a.namespace))] : e.namespaces),
  })), () => scheduler.now(), log.child('access'));
  tokenMetrics = access.tokenMetrics;
  const audit = createAuditLog(log.child('audit'));
  const ctx: Omit<ApiContext, 'access'> = { clusters: hosted, overview, health, now: () => scheduler.now(), history: options.history ?? null, links };
  const directory: ClusterDirectory = {
    ids: engines.map((e) => e.id),
    withApp: (ns, app) => engines.filter((e) => e.core.appRecords(ns, app).length > 0).map((e) => e.id),
    withPod: (ns, name) => engines.filter((e) => e.core.findPod(ns, name)).map((e) => e.id),
  };
  /** The directory a person sees: an old link is resolved only among the clusters whose namespace they may read. */
  const directoryFor = async (viewer: ViewerAccess): Promise<ClusterDirectory> => {
    const readable = await viewer.readable();
    if (readable.all) return directory;
    return {
      ids: directory.ids,
      withApp: (ns, app) => directory.withApp(ns, app).filter((c) => mayRead(readable, c, ns)),
      withPod: (ns, name) => directory.withPod(ns, name).filter((c) => mayRead(readable, c, ns)),
    };
  };

  const scopes: ScopeSource = {
    scopeState: (key) => {
      if (key === OVERVIEW_SCOPE_KEY) return overview.scopeState();
      const scope = parseScopeKey(key);
      const engine = scope?.kind === 'app' ? hosted.get(scope.cluster)?.engine : undefined;
      return scope?.kind === 'app' && engine ? engine.scopes.scopeState(scope.namespace, scope.appId) : null;
    },
    subscribe: (listener: ScopeDiffListener) => {
      const stops = [overview.subscribe(listener), ...engines.map((e) => e.scopes.subscribe(listener))];
      return () => { for (const s of stops) s(); };
    },
  };

  const base = config.basePath;
  // DNS rebinding: every request and upgrade names a host the dashboard is known by.
  const misdirected = (req: http.IncomingMessage): string | null => {
    const decision = hostAllowed(req.headers.host, { bindHost: config.host, allowedHosts: config.allowedHosts });
    if (decision.ok) return null;
    refusals.host++;
    log.once('warn', `host:${req.socket.remoteAddress}`, 'refused a request for a host name the dashboard does not answer to', { host: req.headers.host, url: logSafeUrl(req.url), address: req.socket.remoteAddress });
    return decision.message + '\n';
  };
  // Pages, not the files a page loads (Next's chunks, the icon) nor the pages Next prefetches
  // for a page's links: one audit line per page load.
  const isAuditedPage = (req: http.IncomingMessage, pathname: string) => req.headers['next-router-prefetch'] === undefined
    && !pathname.startsWith('/_next/') && !/\.(svg|ico|png|txt|xml|webmanifest|js|css|map)$/.test(pathname);
  const isSocketIo = (req: http.IncomingMessage) => (req.url ?? '').startsWith(`${base}/socket.io/`);

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, viewer: ViewerAccess): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'the dashboard API is read-only');
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    } catch {
      return sendError(res, 400, `the path ${url.pathname.slice(0, 200)} is not valid percent-encoding`);
    }
    let upgraded = upgradeApiPath(segments, directory);
    if (upgraded.kind !== 'unchanged' && viewer.restricted) upgraded = upgradeApiPath(segments, await directoryFor(viewer));
    if (upgraded.kind === 'ambiguous') return sendError(res, 409, `more than one cluster has this; name the cluster: /api/apps/CLUSTER/… (one of ${upgraded.clusters.join(', ')})`, { clusters: upgraded.clusters });
    if (upgraded.kind === 'rewrite') segments = upgraded.segments;
    // A running pod's log, followed: a stream, not one JSON answer.
    if (segments.length === 6 && segments[1] === 'pods' && segments[5] === 'log') {
      const c = hosted.get(segments[2]);
      if (!c) return sendError(res, 404, `no cluster ${segments[2]} (known: ${[...hosted.keys()].join(', ')})`);
      const refused = await viewer.refuses({ kind: 'api', route: 'logFollow' });
      if (refused) return sendError(res, 403, refused);
      const denial = await viewer.check(segments[2], segments[3], LIST_PODS) ?? await viewer.check(segments[2], segments[3], GET_POD_LOGS);
      if (denial) return sendError(res, 403, denial.message, { missingPermission: denial.missing });
      return logFollows.handle(req, res, c.engine, segments[3], segments[4], { executor: config.executorContainerName, driver: config.driverContainerName });
    }
    const match = matchApiRoute(segments, url.searchParams);
    if (!match.ok) return sendError(res, match.status, match.error);
    const refused = await viewer.refuses({ kind: 'api', route: match.name });
    if (refused) return sendError(res, 403, refused);
    // Every route about one namespace (applications, pods, their panels) needs `list pods` there.
    const { cluster, namespace } = match.params as { cluster?: string; namespace?: string };
    if (cluster !== undefined && namespace !== undefined) {
      const denial = await viewer.check(cluster, namespace, LIST_PODS);
      if (denial) return sendError(res, 403, denial.message, { missingPermission: denial.missing });
    }
    const handler = apiHandlers[match.name] as (input: { params: unknown; query: unknown; ctx: ApiContext }) => unknown;
    try {
      sendJson(res, 200, await handler({ params: match.params, query: match.query, ctx: { ...ctx, access: viewer } }));
    } catch (e) {
      if (e instanceof HttpError) return sendError(res, e.status, e.message, e.details);
      // Logged with its detail; the client gets no internal message.
      log.error('API request failed', { route: match.name satisfies ApiRouteName, path: url.pathname, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      sendError(res, 500, 'internal error: the dashboard could not answer this request; its log has the details');
    }
  }

  /** Sends an old single-cluster page link to its cluster-qualified page (true when it did). */
  async function redirectLegacyPage(res: http.ServerResponse, url: URL, viewer: ViewerAccess): Promise<boolean> {
    const segments = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    let upgraded = upgradePagePath(segments, directory);
    if (upgraded.kind === 'unchanged') return false;
    if (viewer.restricted) upgraded = upgradePagePath(segments, await directoryFor(viewer));
    if (upgraded.kind === 'unchanged') return false;
    const target = upgraded.kind === 'ambiguous' ? upgraded.overview : `/${upgraded.segments.map(encodeURIComponent).join('/')}${url.search}`;
    res.writeHead(308, { Location: `${base}${target}`, 'Content-Length': 0 });
    res.end();
    return true;
  }

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
          // Probes need no credentials; with identities on, an anonymous caller learns no namespace or application.
          if (access.authenticator.mode !== 'none') return sendJson(res, report.ready ? 200 : 503, publicReadiness(report, engines.flatMap((e) => e.namespaces)));
          return sendJson(res, report.ready ? 200 : 503, {
            ready: report.ready, problems: report.problems, notices: report.notices, degraded: report.degraded, history: report.history,
            clusters: Object.fromEntries(Object.entries(report.clusters).map(([id, c]) => [id, {
              name: c.name, ready: c.ready, problems: c.problems, reset: c.reset ?? null, sources: c.sources,
            }])),
          });
        }
        case '/metrics':
          return sendText(res, 200, await metrics.text(), metrics.register.contentType);
      }
      const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
      const isAsset = url.pathname.startsWith('/_next/static/');
      const isSparkUi = url.pathname === '/spark-ui' || url.pathname.startsWith('/spark-ui/');
      // Next's build assets hold no data (and a sign-in page needs none of them); other page
      // paths may carry a kiosk token in their address.
      let viewer: ViewerAccess = EVERYONE;
      if (!isAsset) {
        const pageToken = isApi || isSparkUi ? null : url.searchParams.get('token');
        const who = await access.identify({ headers: req.headers, address: req.socket.remoteAddress, pageToken });
        if (!who.ok) {
          refusals.unauthenticated++;
          log.once('info', `unauthenticated:${req.socket.remoteAddress}`, 'refused a request that is not signed in', { address: req.socket.remoteAddress, url: logSafeUrl(req.url), error: who.error });
          const help = who.token ? TOKEN_HELP : access.authenticator.signInHelp;
          if (access.authenticator.mode === 'oidc' && !who.token) res.setHeader('WWW-Authenticate', 'Bearer');
          if (isApi) return sendError(res, 401, who.error, { signIn: help });
          if (isAuditedPage(req, url.pathname)) audit.page(ANONYMOUS, req.url, 401, who.error);
          res.setHeader('Content-Security-Policy', STATIC_PAGE_CSP);
          return sendText(res, 401, signInPage({ reason: who.error, help }), 'text/html; charset=utf-8');
        }
        viewer = who.viewer;
      }
      if (isApi) return handleApi(req, res, url, viewer);
      if (!isAsset && !url.pathname.startsWith('/_next/')) {
        const refused = isDecodablePath(url.pathname) ? await viewer.refuses({ kind: 'page', pathname: url.pathname }) : null;
        if (refused) {
          refusals.forbidden_page++;
          audit.page(viewer.principal, req.url, 403, refused);
          res.setHeader('Content-Security-Policy', STATIC_PAGE_CSP);
          return sendText(res, 403, refusedPage(refused), 'text/html; charset=utf-8');
        }
      }
      if (isSparkUi) {
        const asker = viewer;
        return sparkUiProxy.handle(req, res, async (cluster, namespace) => (await asker.check(cluster, namespace))?.message ?? null);
      }
      if (!isDecodablePath(url.pathname)) {
        audit.page(viewer.principal, req.url, 400);
        res.setHeader('Content-Security-Policy', STATIC_PAGE_CSP);
        return sendText(res, 400, badRequestPage(base), 'text/html; charset=utf-8');
      }
      if (await redirectLegacyPage(res, url, viewer)) return;
      if (isAuditedPage(req, url.pathname)) res.once('finish', () => audit.page(viewer.principal, req.url, res.statusCode));
      if (options.pages) return options.pages(req, res);
      sendText(res, 404, 'Not found');
    })().catch((e) => {
      log.error('request failed', { url: logSafeUrl(req.url), error: String(e) });
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const refusal = misdirected(req);
    socket.on('error', () => { /* the client went away; nothing to answer */ });
    if (refusal) {
      const headers = Object.entries(resourceSecurityHeaders()).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      socket.end(`HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n${headers}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refusal)}\r\n\r\n${refusal}`);
      return;
    }
    if (isSocketIo(req)) hub!.handleUpgrade(req, socket, head);
    else if (options.upgrades) options.upgrades(req, socket, head);
    else socket.destroy();
  });

  const hubAccess: HubAccess = {
    recheckIntervalMs: access.recheckIntervalMs,
    authenticate: (handshake) => access.identify(handshake),
    used: access.countUse,
  };
  hub = createSocketHub({ scopes, health, refusals, scheduler, access: hubAccess, audit, log: log.child('live'), hello: { protocol: PROTOCOL_VERSION, buildId: options.buildId, startedAt } }, {
    maxScopesPerClient: 16, healthIntervalMs: 5000,
    pacing: { ...DEFAULT_PACING_LIMITS, maxQueuedBytes: config.maxClientQueue, slowClientTimeoutMs: config.slowClientTimeout, ...options.pacing },
    limits: {
      maxConnections: config.maxConnections, maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      messageRate: config.messageRate, messageBurst: config.messageBurst, addressMessageRate: config.addressMessageRate, addressMessageBurst: config.addressMessageBurst,
    },
    identityLimits: { maxConnectionsPerIdentity: config.maxConnectionsPerIdentity, maxSubscriptionsPerIdentity: config.maxSubscriptionsPerIdentity },
    allowedOrigins: [...config.frameAncestors, ...config.allowedOrigins],
  });
  for (const { engine, reads } of hosted.values()) {
    engine.onHealthChange(() => hub!.broadcastHealth());
    // An application's volumes change with its claims and with the executors that come or go:
    // drop the cached answer, then tell the open pages to fetch it again.
    const volumesChanged = (namespace: string, appId: string) => {
      reads.volumesChanged(namespace, appId);
      hub!.invalidate(appScopeKey(engine.id, namespace, appId), 'volumes');
    };
    engine.claimIndex.onAppPodsChanged(volumesChanged);
    engine.claims.onChange((claim) => {
      const ns = claim.metadata?.namespace ?? '';
      const apps = new Set(engine.claimIndex.appsUsingClaim(ns, claim.metadata?.name ?? ''));
      const owner = claim.metadata?.labels?.[SPARK_APP_ID_LABEL];
      if (owner !== undefined) apps.add(`${ns}/${owner}`);
      for (const key of apps) volumesChanged(ns, key.slice(key.indexOf('/') + 1));
    });
    // An event about one of an application's pods or claims, or a log tail kept: its causes changed.
    const whyChanged = (namespace: string, appId: string) => {
      reads.whyChanged(namespace, appId);
      hub!.invalidate(appScopeKey(engine.id, namespace, appId), 'why');
    };
    engine.events.onChange((namespace, object) => {
      if (object.kind === 'Pod') {
        const record = engine.core.record(object.uid);
        if (record) whyChanged(record.version.namespace, record.version.appId);
      } else {
        for (const key of engine.claimIndex.appsUsingClaim(namespace, object.name)) whyChanged(namespace, key.slice(key.indexOf('/') + 1));
      }
    });
    engine.logTails.onChange((uid) => {
      const record = engine.core.record(uid);
      if (record) whyChanged(record.version.namespace, record.version.appId);
    });
    // An executor's ask read from its driver's conf, or refusals read from a driver's log.
    engine.confAsks.onChange((_namespace, driverUid) => {
      const record = engine.core.record(driverUid);
      if (record) whyChanged(record.version.namespace, record.version.appId);
    });
    engine.driverLogScan.onChange(whyChanged);
    // A SparkApplication changed: the pages of every attempt it ran, and its own pod-less page, refresh its panel.
    engine.operators.onChange((app, appIds) => {
      for (const appId of [...appIds, operatorAppId(app.name)]) hub!.invalidate(appScopeKey(engine.id, app.namespace, appId), 'operator');
    });
    engine.start();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}${base}`;

  let closed: Promise<void> | null = null;
  return {
    server, url, port, engines, overview, hub, health,
    engine: (id) => {
      const e = hosted.get(id)?.engine;
      if (!e) throw new Error(`no cluster ${id}`);
      return e;
    },
    close: () => closed ??= (async () => {
      for (const e of engines) e.stop();
      logFollows.closeAll();
      await options.history?.close();
      server.closeAllConnections?.();
      await hub!.close();
    })(),
  };
}

/**
 * History waits until the cluster's first full list is published (it is never on the live
 * path), or at most LIVE_VIEW_WAIT_MS: a cluster that cannot become ready (a namespace it may
 * not list) is still recorded. Once true, it stays true.
 */
const LIVE_VIEW_WAIT_MS = 60_000;
function liveViewBuilt(engine: ClusterEngine, scheduler: Scheduler): () => boolean {
  const since = scheduler.now();
  let built = false;
  return () => (built ||= engine.health().ready || scheduler.now() - since > LIVE_VIEW_WAIT_MS);
}

/**
 * One more subscriber of the engine's store: the history writer. Before the engine's sources
 * start, the pods the record held when the dashboard last ran are taken back (with their
 * drivers' logs), so a restart changes nothing a user sees; the first list then records what
 * left meanwhile as deleted.
 */
async function attachHistory(history: HistoryService, engine: ClusterEngine, reads: ClusterReads, config: Config, scheduler: Scheduler, log: Logger): Promise<void> {
  const writer = history.writer(engine.id, {
    extrasOf: (v) => {
      const r = engine.core.record(v.uid);
      const view = r && (r.finalPod || r.restoredExit) ? reads.viewOf(r) : null;
      return {
        exit: view && (view.exitReason || view.sparkLossMessage) ? { exitReason: view.exitReason, sparkLossMessage: view.sparkLossMessage } : null,
        signature: r?.driverSignature ?? null,
      };
    },
    present: () => engine.core.versions(),
    driverLogOf: (namespace, appId) => engine.driverLog.entries(namespace, appId),
    whyOf: (uid) => {
      const version = engine.core.record(uid)?.version;
      return { version, events: version ? engine.events.eventsOf(uid, version.namespace, []) : [], logTail: engine.logTails.get(uid) };
    },
    decorate: (summary) => engine.operators.decorate(summary),
    mayWrite: liveViewBuilt(engine, scheduler),
  }, log);
  engine.core.addSubscriber(writer);
  // Operator applications that never got a pod are recorded too, with the operator's error.
  engine.operators.onChange((app) => { if (!engine.operators.joinedAppId(app)) writer.operatorAppChanged(engine.operators.podlessSummary(app)); });
  engine.events.onChange((_namespace, obj) => { if (obj.kind === 'Pod') writer.whyChangedFor(obj.uid); });
  engine.logTails.onChange((uid) => writer.whyChangedFor(uid));
  if (!history.connected) return;
  try {
    const record = await history.reader().restorable(engine.id, scheduler.now() - config.retention);
    const restored = engine.core.restore(record.pods.map((p) => ({ ...p, signature: record.signatures.get(p.uid) ?? null })));
    const logs = new Map<string, { namespace: string; appId: string; entries: DriverLogEntry[] }>();
    for (const l of record.driverLog) {
      const key = `${l.namespace}/${l.appId}`;
      if (!logs.has(key)) logs.set(key, { namespace: l.namespace, appId: l.appId, entries: [] });
      logs.get(key)!.entries.push(l.entry);
    }
    for (const l of logs.values()) engine.driverLog.restore(l.namespace, l.appId, l.entries);
    for (const [uid, events] of record.events) engine.events.restore(uid, events);
    for (const [uid, tail] of record.logTails) engine.logTails.restore(uid, tail);
    if (restored) log.info('history: taken back from the record', { cluster: engine.id, pods: restored, driverLogs: logs.size });
  } catch (e) {
    log.warn('history: could not take back the record; starting from the cluster alone', { cluster: engine.id, error: (e as Error).message });
  }
}
