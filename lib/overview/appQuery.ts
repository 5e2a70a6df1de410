// The overview's filters and sort order as pure data: parsed from and written back to the URL
// (so a view can be shared), applied to application summaries.

import type { AppSummary } from '../snapshot/appSummary';
import type { ExecutorPodState } from '../spark/podState';
import { EXECUTOR_POD_STATES } from '../spark/podState';

export type AppSortKey = 'name' | 'cluster' | 'namespace' | 'driver' | 'age' | 'executors' | 'running' | 'pending' | 'failed';
export const APP_SORT_KEYS: readonly AppSortKey[] = ['name', 'cluster', 'namespace', 'driver', 'age', 'executors', 'running', 'pending', 'failed'];

export interface AppQuery {
  /** Cluster ids (empty: every cluster). */
  clusters: string[];
  namespaces: string[];
  /** Applications with the driver or any executor in one of these states. */
  states: ExecutorPodState[];
  text: string;
  /** Only applications a Spark operator runs ('yes'), or only those it does not ('no'); absent: both. */
  operator?: 'yes' | 'no';
  sort: AppSortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_APP_QUERY: AppQuery = { clusters: [], namespaces: [], states: [], text: '', sort: 'age', dir: 'asc' };

const list = (v: string | null) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);

export function parseAppQuery(params: URLSearchParams): AppQuery {
  const sort = params.get('sort') as AppSortKey | null;
  const dir = params.get('dir');
  return {
    clusters: list(params.get('cluster')),
    namespaces: list(params.get('ns')),
    states: list(params.get('state')).filter((s): s is ExecutorPodState => (EXECUTOR_POD_STATES as readonly string[]).includes(s)),
    text: (params.get('q') ?? '').slice(0, 200),
    operator: params.get('operator') === 'yes' ? 'yes' : params.get('operator') === 'no' ? 'no' : undefined,
    sort: sort && APP_SORT_KEYS.includes(sort) ? sort : DEFAULT_APP_QUERY.sort,
    dir: dir === 'desc' ? 'desc' : dir === 'asc' ? 'asc' : DEFAULT_APP_QUERY.dir,
  };
}

/** Only what differs from the defaults, so shared URLs stay short. */
export function appQueryToParams(q: AppQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.clusters.length) p.set('cluster', q.clusters.join(','));
  if (q.namespaces.length) p.set('ns', q.namespaces.join(','));
  if (q.states.length) p.set('state', q.states.join(','));
  if (q.text) p.set('q', q.text);
  if (q.operator) p.set('operator', q.operator);
  if (q.sort !== DEFAULT_APP_QUERY.sort) p.set('sort', q.sort);
  if (q.dir !== DEFAULT_APP_QUERY.dir) p.set('dir', q.dir);
  return p;
}

function matchesText(app: AppSummary, text: string): boolean {
  const needle = text.toLowerCase();
  return [app.appName, app.appId, app.namespace, app.cluster, app.driver?.name, app.driver?.node, app.operator?.name, app.operator?.scheduledBy]
    .some((v) => v?.toLowerCase().includes(needle));
}

export function hasState(app: AppSummary, state: ExecutorPodState): boolean {
  return app.driver?.state === state || app.counts[state] > 0;
}

export function filterApps(apps: readonly AppSummary[], q: AppQuery): AppSummary[] {
  return apps.filter((a) =>
    (q.clusters.length === 0 || q.clusters.includes(a.cluster))
    && (q.namespaces.length === 0 || q.namespaces.includes(a.namespace))
    && (q.states.length === 0 || q.states.some((s) => hasState(a, s)))
    && (!q.text || matchesText(a, q.text))
    && (!q.operator || (q.operator === 'yes') === !!a.operator));
}

const DRIVER_ORDER: Record<string, number> = { failed: 0, unknown: 1, pending: 2, running: 3, terminating: 4, deleted: 5, succeeded: 6 };

function sortValue(a: AppSummary, key: AppSortKey): string | number {
  switch (key) {
    case 'name': return (a.appName ?? a.appId).toLowerCase();
    case 'cluster': return a.cluster;
    case 'namespace': return a.namespace;
    case 'driver': return DRIVER_ORDER[a.driver?.state ?? 'unknown'] ?? 9;
    // Youngest first reads as "newest at the top" for ascending age.
    case 'age': return -(a.createdAt ?? 0);
    case 'executors': return a.executors;
    case 'running': return a.counts.running;
    case 'pending': return a.counts.pending;
    case 'failed': return a.counts.failed;
  }
}

export function sortApps(apps: readonly AppSummary[], key: AppSortKey, dir: 'asc' | 'desc'): AppSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...apps].sort((a, b) => {
    const va = sortValue(a, key), vb = sortValue(b, key);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a.key < b.key ? -1 : 1;
  });
}
