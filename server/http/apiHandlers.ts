// The JSON API's handlers, one per route of lib/apiRoutes (the table types what each returns,
// and has validated every parameter before a handler runs). Dashboard-wide answers are built
// here; answers about one application or pod go to its cluster's reads. Each request carries
// the access of the person asking (server/access): dashboard-wide answers hold only the
// namespaces they may read, and log tails only where they may read logs (the front door has
// refused routes about a namespace they may not read before a handler runs).

import type { ApiHandlers } from '../../lib/apiRoutes';
import type { AppRecordResponse, CountsResponse, DashboardHealth, HistoryAppsResponse, PodResponse, WhySummaryResponse } from '../../lib/apiTypes';
import type { AppSummary } from '../../lib/snapshot/appSummary';
import { appKey } from '../../lib/snapshot/appSummary';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import type { DriverLogEntry } from '../../lib/snapshot/driverLog';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { appAt, recordedView, recordedDetail, recordedDriver, recordedHistory, recordedRows, recordedSummary, recordResponse, type RecordedApp } from '../history/historyReads';
import type { StateCounts } from '../../lib/snapshot/appSummary';
import { emptyCounts } from '../../lib/snapshot/appSummary';
import { addCounts, fromSample, toSample, type CountSample } from '../../lib/series/countSeries';
import type { ClusterEngine } from '../engine/clusterEngine';
import { series, type ClusterReads } from '../engine/clusterReads';
import type { OverviewScope } from '../store/overviewScope';
import type { SparkLinks } from './sparkLinks';
import type { HistoryService } from '../history/historyService';
import { HttpError } from './httpError';
import { filterByAppKey, mayRead, type ReadableNamespaces } from '../../lib/access/readableNamespaces';
import { clusterHealthForViewer, healthForViewer } from '../../lib/access/healthForViewer';
import type { ClusterSummary } from '../../lib/cluster';
import { GET_POD_LOGS } from '../access/accessReviews';
import type { ViewerAccess } from '../access/viewerAccess';

export interface HostedCluster {
  engine: ClusterEngine;
  reads: ClusterReads;
}

export interface ApiContext {
  clusters: ReadonlyMap<string, HostedCluster>;
  overview: OverviewScope;
  health(): DashboardHealth;
  now(): number;
  history: HistoryService | null;
  links: SparkLinks;
  /** The person asking (everyone with --auth none). */
  access: ViewerAccess;
}

/** Sparklines on the overview cover this much recent time. */
const SPARKLINE_MS = 30 * 60_000;

function hosted(ctx: ApiContext, id: string): HostedCluster {
  const c = ctx.clusters.get(id);
  if (!c) throw new HttpError(404, `no cluster ${id} (the dashboard watches ${[...ctx.clusters.keys()].join(', ')})`, { cluster: id });
  return c;
}

/** Clusters asked for: one, or all. */
function selected(ctx: ApiContext, cluster: string | undefined): HostedCluster[] {
  return cluster ? [hosted(ctx, cluster)] : [...ctx.clusters.values()];
}

/** Several clusters' series as one: samples at the same tick are added up. */
function sumSeries(all: readonly CountSample[][]): CountSample[] {
  if (all.length === 1) return all[0];
  const byTime = new Map<number, StateCounts>();
  for (const s of all.flat()) {
    const { t, counts } = fromSample(s);
    byTime.set(t, addCounts(byTime.get(t) ?? emptyCounts(), counts));
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, counts]) => toSample(t, counts));
}

/** A cluster's summary with the applications and executors of the namespaces this person may read. */
function readableSummary(c: HostedCluster, readable: ReadableNamespaces): ClusterSummary {
  const summary = c.engine.summary();
  if (readable.all) return summary;
  const apps = c.engine.overviewFeed.summaries().filter((a) => mayRead(readable, a.cluster, a.namespace));
  // Watched namespaces listed by name are named only where the person may read them.
  const namespaces = summary.namespaces.filter((ns) => ns === '*' || mayRead(readable, c.engine.id, ns));
  return { ...summary, namespaces, applications: apps.length, executors: apps.reduce((n, a) => n + a.executors, 0) };
}

/** Log tails are text the containers wrote: only for a person who may `get pods/log` in their namespace. */
async function logsReadable(ctx: ApiContext, cluster: string, namespace: string): Promise<boolean> {
  return (await ctx.access.check(cluster, namespace, GET_POD_LOGS)) === null;
}

const isLive = (c: HostedCluster, namespace: string, appId: string) => c.engine.core.appRecords(namespace, appId).length > 0;

/** An operator application without pods (its id is `operator:<name>`), as its overview row; null for anything else. */
function podlessApp(c: HostedCluster, namespace: string, appId: string): AppSummary | null {
  if (!operatorNameOf(appId)) return null;
  const app = c.engine.operators.appFor(namespace, appId, null);
  return app && !c.engine.operators.joinedAppId(app) ? c.engine.operators.podlessSummary(app) : null;
}

function noPods(c: HostedCluster, summary: AppSummary, what: string): HttpError {
  return new HttpError(404, `${summary.appName} in namespace ${summary.namespace} of cluster ${c.engine.name} has no pods yet (its operator says ${summary.operator?.rawState || 'nothing'}): no ${what} to show`, { cluster: c.engine.id, namespace: summary.namespace, appId: summary.appId });
}

/** An application the engine does not hold, from the record; 404 when the record has none either. */
async function recorded(ctx: ApiContext, c: HostedCluster, namespace: string, appId: string): Promise<RecordedApp> {
  const missing = `no Spark application ${appId} in namespace ${namespace} of cluster ${c.engine.name}`;
  if (!ctx.history) throw new HttpError(404, `${missing} (and the dashboard keeps no history: --no-history)`, { cluster: c.engine.id, namespace, appId });
  if (!ctx.history.connected) throw new HttpError(503, `${missing} now, and its history cannot be read: ${ctx.history.problem() ?? 'the database is not connected'}`);
  const record = await ctx.history.reads.appRecord(c.engine.id, namespace, appId);
  if (!record) throw new HttpError(404, `${missing}, now or in its history`, { cluster: c.engine.id, namespace, appId });
  return { cluster: c.engine.id, namespace, appId, record };
}

/** The rows an application page draws, live or recorded, in slot order. */
async function appRows(ctx: ApiContext, c: HostedCluster, namespace: string, appId: string): Promise<{ source: 'live' | 'history'; summary: AppSummary | null; rows: ExecutorRow[]; driverLog: DriverLogEntry[] }> {
  if (isLive(c, namespace, appId) || !ctx.history) {
    const records = c.engine.core.appRecords(namespace, appId);
    if (!records.length) await recorded(ctx, c, namespace, appId);
    return {
      source: 'live', summary: c.engine.scopes.summary(namespace, appId),
      rows: records.map((r, k) => ({ ...r.version.row, k })), driverLog: c.engine.driverLog.entries(namespace, appId),
    };
  }
  const app = await recorded(ctx, c, namespace, appId);
  const rows = recordedRows(app.record);
  return { source: 'history', summary: recordedSummary(app, rows), rows, driverLog: app.record.driverLog };
}

/** Windows longer than the live engine keeps in memory are read from the record. */
const LIVE_COUNTS_MS = 6 * 60 * 60_000 + 60_000;

export const apiHandlers: ApiHandlers<ApiContext> = {
  clusters: async ({ ctx }) => {
    const readable = await ctx.access.readable();
    return { at: ctx.now(), clusters: [...ctx.clusters.values()].map((c) => readableSummary(c, readable)) };
  },

  apps: async ({ query, ctx }) => {
    const clusters = selected(ctx, query.cluster);
    const readable = await ctx.access.readable();
    const running: Record<string, [number, number][]> = {};
    for (const c of clusters) Object.assign(running, c.engine.counts.runningByApp(ctx.now() - SPARKLINE_MS));
    const apps = clusters.flatMap((c) => c.engine.operators.overviewRows(c.engine.scopes.summaries()));
    const shown = readable.all ? apps : apps.filter((a) => mayRead(readable, a.cluster, a.namespace));
    const hidden = shown.length === 0 ? apps[0] : undefined;
    const denial = hidden ? await ctx.access.check(hidden.cluster, hidden.namespace) : null;
    return {
      at: ctx.now(),
      apps: shown,
      running: filterByAppKey(running, readable),
      clusters: clusters.map((c) => readableSummary(c, readable)),
      health: healthForViewer(ctx.health(), readable),
      // Said without the namespace asked about: its name is not theirs to see either.
      ...(denial ? { nothingReadable: denial.everywhere } : {}),
    };
  },

  health: async ({ ctx }) => healthForViewer(ctx.health(), await ctx.access.readable()),

  why: async ({ query, ctx }) => {
    const readable = await ctx.access.readable();
    const apps: WhySummaryResponse['apps'] = filterByAppKey(Object.assign({}, ...selected(ctx, query.cluster).map((c) => c.reads.whySummary())), readable);
    if (readable.all) return { at: ctx.now(), apps };
    // A cause read from a container's log (an exception, a refusal the driver logged) needs `get pods/log`.
    for (const [key, entry] of Object.entries(apps)) {
      if (!entry.fromLog) continue;
      const [cluster, namespace] = key.split('/');
      if (!(await logsReadable(ctx, cluster, namespace))) delete apps[key];
    }
    return { at: ctx.now(), apps };
  },
  counts: async ({ query, ctx }): Promise<CountsResponse> => {
    const readable = await ctx.access.readable();
    // A person who may read only some namespaces gets the sum of theirs, never the cluster's.
    const perCluster = selected(ctx, query.cluster).flatMap((c) => (readable.all
      ? [c.engine.counts.forCluster()]
      : c.engine.counts.forNamespaces(readable.byCluster.get(c.engine.id) ?? [])));
    return { key: query.cluster ?? '*', ...series(perCluster.length ? sumSeries(perCluster) : [], query, ctx.now()) };
  },

  app: async ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    // The page names its cluster's health; a person sees the sources of their namespaces only.
    const readable = await ctx.access.readable();
    const health = () => clusterHealthForViewer(c.engine.id, { ...c.engine.health(), name: c.engine.name }, readable);
    const podless = podlessApp(c, params.namespace, params.appId);
    if (podless) return { summary: podless, driver: null, executors: [], otherDrivers: [], driverLog: [], health: health() };
    if (isLive(c, params.namespace, params.appId) || !ctx.history) {
      const detail = c.reads.app(params.namespace, params.appId);
      return readable.all ? detail : { ...detail, health: health() };
    }
    return recordedDetail(await recorded(ctx, c, params.namespace, params.appId), health());
  },
  appDriver: async ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    const podless = podlessApp(c, params.namespace, params.appId);
    if (podless) return { summary: podless, driver: null, otherDrivers: [], driverLog: [] };
    const live = isLive(c, params.namespace, params.appId) || !ctx.history;
    const answer = live ? c.reads.appDriver(params.namespace, params.appId) : recordedDriver(await recorded(ctx, c, params.namespace, params.appId));
    if (!ctx.links.configured) return answer;
    return { ...answer, links: await ctx.links.linksFor(c.engine.id, answer.summary, live ? c.engine.transport : null) };
  },
  appHistory: async ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    if (podlessApp(c, params.namespace, params.appId)) return { key: appKey(c.engine.id, params.namespace, params.appId), pods: [], driverLog: [] };
    if (isLive(c, params.namespace, params.appId) || !ctx.history) return c.reads.appHistory(params.namespace, params.appId);
    return recordedHistory(await recorded(ctx, c, params.namespace, params.appId));
  },
  appCounts: async ({ params, query, ctx }) => {
    const c = hosted(ctx, params.cluster);
    if (podlessApp(c, params.namespace, params.appId)) return c.reads.appCounts(params.namespace, params.appId, query);
    const live = isLive(c, params.namespace, params.appId);
    const now = ctx.now();
    const wide = query.from !== undefined && (query.to ?? now) - query.from > LIVE_COUNTS_MS;
    if (!ctx.history?.connected || (live && !wide)) return c.reads.appCounts(params.namespace, params.appId, query);
    const reader = ctx.history.reads;
    let to = query.to ?? now, from = query.from;
    if (from === undefined) {
      // A recorded application's default window is its life.
      const app = live ? null : await recorded(ctx, c, params.namespace, params.appId);
      const summary = app ? recordedSummary(app) : null;
      to = query.to ?? Math.min(now, (summary?.lastChangeAt ?? now) + 60_000);
      from = summary?.createdAt ?? to - 30 * 60_000;
    }
    return { key: appKey(c.engine.id, params.namespace, params.appId), from, to, samples: await reader.counts(c.engine.id, params.namespace, params.appId, from, to, query.points ?? 300) };
  },
  appRecord: async ({ params, ctx }): Promise<AppRecordResponse> => {
    const c = hosted(ctx, params.cluster);
    const podless = podlessApp(c, params.namespace, params.appId);
    if (podless) return recordResponse('live', podless, [], [], [[c.engine.startedAt, ctx.now()]]);
    const { source, summary, rows, driverLog } = await appRows(ctx, c, params.namespace, params.appId);
    const from = summary?.createdAt ?? ctx.now();
    const observed = ctx.history?.connected ? await ctx.history.reads.observations(c.engine.id, from, ctx.now()) : [[c.engine.startedAt, ctx.now()] as [number, number]];
    return recordResponse(source, summary, rows, driverLog, observed);
  },
  appAt: async ({ params, query, ctx }) => {
    const c = hosted(ctx, params.cluster);
    const podless = podlessApp(c, params.namespace, params.appId);
    if (podless) return appAt({ cluster: c.engine.id, namespace: params.namespace, appId: params.appId, appName: podless.appName }, [], query.t);
    const { summary, rows } = await appRows(ctx, c, params.namespace, params.appId);
    return appAt({ cluster: c.engine.id, namespace: params.namespace, appId: params.appId, appName: summary?.appName ?? null }, rows, query.t);
  },
  historyApps: async ({ query, ctx }): Promise<HistoryAppsResponse> => {
    const page = { page: query.page, pageSize: query.pageSize };
    if (!ctx.history) return { available: false, problem: 'The dashboard keeps no history (it runs with --no-history).', total: 0, apps: [], ...page };
    if (!ctx.history.connected) return { available: false, starting: ctx.history.starting, problem: ctx.history.problem(), total: 0, apps: [], ...page };
    const readable = await ctx.access.readable();
    const within = readable.all ? undefined : [...readable.byCluster].flatMap(([c, namespaces]) => [...namespaces].map((ns) => `${c}/${ns}`));
    const found = await ctx.history.reads.searchApps({ ...query, within });
    return { available: true, problem: ctx.history.problem(), ...found, ...page };
  },
  appVolumes: ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    const podless = podlessApp(c, params.namespace, params.appId);
    if (podless) throw noPods(c, podless, 'volumes');
    return c.reads.appVolumes(params.namespace, params.appId);
  },
  appWhy: async ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    if (podlessApp(c, params.namespace, params.appId)) return c.reads.podlessWhy(params.namespace, params.appId);
    const answer = c.reads.appWhy(params.namespace, params.appId);
    if (await logsReadable(ctx, params.cluster, params.namespace)) return answer;
    return { ...answer, driver: answer.driver && { ...answer.driver, logTail: null }, driverLogRefusals: null };
  },
  appEvents: ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    return podlessApp(c, params.namespace, params.appId) ? c.reads.podlessEvents(params.namespace, params.appId) : c.reads.appEvents(params.namespace, params.appId);
  },
  appRbac: ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    const podless = podlessApp(c, params.namespace, params.appId);
    if (podless) throw noPods(c, podless, 'service account bindings');
    return c.reads.appRbac(params.namespace, params.appId);
  },
  appOperator: ({ params, ctx }) => {
    const c = hosted(ctx, params.cluster);
    const driver = c.engine.scopes.summary(params.namespace, params.appId)?.driver?.name;
    return c.engine.operators.appOperator(params.namespace, params.appId, driver, ctx.now());
  },
  pod: async ({ params, ctx }) => {
    const answer = await podAnswer(ctx, params.cluster, params.namespace, params.name);
    if (!answer.why?.logTail || await logsReadable(ctx, params.cluster, params.namespace)) return answer;
    return { ...answer, why: { ...answer.why, logTail: null } };
  },
};

/** One pod, live or (when the cluster no longer has it) from the record, with its events and log tail. */
async function podAnswer(ctx: ApiContext, cluster: string, namespace: string, name: string): Promise<PodResponse> {
  const c = hosted(ctx, cluster);
  try {
    return await c.reads.pod(namespace, name);
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 404 || !ctx.history?.connected) throw e;
    const found = await ctx.history.reads.podByName(c.engine.id, namespace, name);
    if (!found) throw e;
    return {
      pod: null, view: recordedView(c.engine.id, found), inCluster: false,
      note: 'This pod is no longer in the cluster; showing what the dashboard recorded of it.',
      why: { cause: null, events: found.events, logTail: found.logTail, eventsProblem: null },
    };
  }
}
