// Every query of the JSON API, declared once, with the route table both sides share
// (lib/apiRoutes): the path and the response type come from there. Live data is not here: it
// comes over the socket (liveClient), read with useLiveScope.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiPath, type ApiParams, type ApiQuery, type ApiResponse, type ApiRouteName } from '../../lib/apiRoutes';
import type { HistoryAppsQuery } from '../../lib/apiTypes';
import { apiUrl } from './basePath';
import { fetchJson } from './fetchJson';

/** One application of one cluster, as the API's paths name it. */
export interface AppRef { cluster: string; namespace: string; appId: string }

function get<N extends ApiRouteName>(name: N, params: ApiParams<N>, query?: Partial<Record<keyof ApiQuery<N>, string | number | undefined>>) {
  return (signal?: AbortSignal) => fetchJson<ApiResponse<N>>(apiUrl(apiPath(name, params, query)), signal);
}

const appParams = ({ cluster, namespace, appId }: AppRef) => ({ cluster, namespace, appId });

export const clustersQuery = () => queryOptions({
  queryKey: ['clusters'] as const,
  queryFn: ({ signal }) => get('clusters', {})(signal),
  staleTime: 10_000,
});

/** Each application's first cause, for the overview and the wall (the server computes it at most every 5 s). */
export const whySummaryQuery = () => queryOptions({
  queryKey: ['why-summary'] as const,
  queryFn: ({ signal }) => get('why', {})(signal),
  staleTime: 5000,
  refetchInterval: 10_000,
});

export const appsQuery = () => queryOptions({
  queryKey: ['apps'] as const,
  queryFn: ({ signal }) => get('apps', {})(signal),
  staleTime: 30_000,
});

/** The driver, its state log and the summary: the application page's HTTP half. */
export const appDriverQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-driver', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appDriver', appParams(app))(signal),
  staleTime: 10_000,
});

/**
 * Why pods are not running. Fetched again when the server says the application's events or log
 * tails changed (topic `why`) and when its pods change state; the slow poll only covers a
 * socket that is down.
 */
export const appWhyQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-why', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appWhy', appParams(app))(signal),
  staleTime: 4000,
  refetchInterval: 30_000,
});

/** Every event kept about the application's pods and claims: fetched again on topic `why`, like the causes. */
export const appEventsQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-events', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appEvents', appParams(app))(signal),
  staleTime: 4000,
  refetchInterval: 30_000,
});

export const appVolumesQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-volumes', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appVolumes', appParams(app))(signal),
  staleTime: 30_000,
});

export const appRbacQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-rbac', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appRbac', appParams(app))(signal),
  staleTime: 30_000,
});

export const appCountsQuery = (app: AppRef, windowMs: number) => queryOptions({
  queryKey: ['app-counts', app.cluster, app.namespace, app.appId, windowMs] as const,
  queryFn: ({ signal }) => get('appCounts', appParams(app), { from: Date.now() - windowMs, points: 300 })(signal),
  staleTime: 60_000,
});

/** Executors per state over time, for one cluster or (null) all of them. */
export const clusterCountsQuery = (cluster: string | null, windowMs: number) => queryOptions({
  queryKey: ['cluster-counts', cluster, windowMs] as const,
  queryFn: ({ signal }) => get('counts', {}, { cluster: cluster ?? undefined, from: Date.now() - windowMs, points: 300 })(signal),
  staleTime: 60_000,
});

export const podQuery = (cluster: string, namespace: string, name: string) => queryOptions({
  queryKey: ['pod', cluster, namespace, name] as const,
  queryFn: ({ signal }) => get('pod', { cluster, namespace, name })(signal),
  staleTime: 5_000,
});

/** History's search (one page of it); the previous page stays shown while the next loads. */
export const historyAppsQuery = (search: HistoryAppsQuery) => queryOptions({
  queryKey: ['history-apps', search] as const,
  queryFn: ({ signal }) => get('historyApps', {}, search)(signal),
  staleTime: 10_000,
  placeholderData: keepPreviousData,
  // A history that is starting (a new database being created) is asked again until it is there.
  refetchInterval: (query) => (query.state.data?.starting ? 3000 : false),
});

/** Everything an application page draws, live or from the record. */
export const appRecordQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-record', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appRecord', appParams(app))(signal),
  staleTime: 60_000,
});

/** Executors per state over an explicit span (a recorded application's life). */
export const appCountsSpanQuery = (app: AppRef, from: number, to: number) => queryOptions({
  queryKey: ['app-counts-span', app.cluster, app.namespace, app.appId, from, to] as const,
  queryFn: ({ signal }) => get('appCounts', appParams(app), { from, to, points: 300 })(signal),
  staleTime: 60_000,
});

/**
 * The operator resource behind an application (SparkApplication, its schedule, attempts), and
 * which operator kinds the dashboard may not read. Fetched again on topic `operator`; the slow
 * poll only covers a socket that is down.
 */
export const appOperatorQuery = (app: AppRef) => queryOptions({
  queryKey: ['app-operator', app.cluster, app.namespace, app.appId] as const,
  queryFn: ({ signal }) => get('appOperator', appParams(app))(signal),
  staleTime: 4000,
  refetchInterval: 30_000,
});
