// The JSON API's handlers, one per route of lib/apiRoutes (the table types what each returns,
// and has validated every parameter before a handler runs). Dashboard-wide answers are built
// here; answers about one application or pod go to its cluster's reads.

import type { ApiHandlers } from '../../lib/apiRoutes';
import type { CountsResponse, DashboardHealth } from '../../lib/apiTypes';
import type { StateCounts } from '../../lib/snapshot/appSummary';
import { emptyCounts } from '../../lib/snapshot/appSummary';
import { addCounts, fromSample, toSample, type CountSample } from '../../lib/series/countSeries';
import type { ClusterEngine } from '../engine/clusterEngine';
import { series, type ClusterReads } from '../engine/clusterReads';
import type { OverviewScope } from '../store/overviewScope';
import { HttpError } from './httpError';

export interface HostedCluster {
  engine: ClusterEngine;
  reads: ClusterReads;
}

export interface ApiContext {
  clusters: ReadonlyMap<string, HostedCluster>;
  overview: OverviewScope;
  health(): DashboardHealth;
  now(): number;
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

export const apiHandlers: ApiHandlers<ApiContext> = {
  clusters: ({ ctx }) => ({ at: ctx.now(), clusters: [...ctx.clusters.values()].map((c) => c.engine.summary()) }),

  apps: ({ query, ctx }) => {
    const clusters = selected(ctx, query.cluster);
    const running: Record<string, [number, number][]> = {};
    for (const c of clusters) Object.assign(running, c.engine.counts.runningByApp(ctx.now() - SPARKLINE_MS));
    return {
      at: ctx.now(),
      apps: clusters.flatMap((c) => c.engine.scopes.summaries()),
      running,
      clusters: clusters.map((c) => c.engine.summary()),
      health: ctx.health(),
    };
  },

  health: ({ ctx }) => ctx.health(),

  counts: ({ query, ctx }): CountsResponse => ({
    key: query.cluster ?? '*',
    ...series(sumSeries(selected(ctx, query.cluster).map((c) => c.engine.counts.forCluster())), query, ctx.now()),
  }),

  app: ({ params, ctx }) => hosted(ctx, params.cluster).reads.app(params.namespace, params.appId),
  appDriver: ({ params, ctx }) => hosted(ctx, params.cluster).reads.appDriver(params.namespace, params.appId),
  appHistory: ({ params, ctx }) => hosted(ctx, params.cluster).reads.appHistory(params.namespace, params.appId),
  appCounts: ({ params, query, ctx }) => hosted(ctx, params.cluster).reads.appCounts(params.namespace, params.appId, query),
  appVolumes: ({ params, ctx }) => hosted(ctx, params.cluster).reads.appVolumes(params.namespace, params.appId),
  appRbac: ({ params, ctx }) => hosted(ctx, params.cluster).reads.appRbac(params.namespace, params.appId),
  pod: ({ params, ctx }) => hosted(ctx, params.cluster).reads.pod(params.namespace, params.name),
};
