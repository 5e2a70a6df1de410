// Every query key and fetcher of the JSON API, declared once. Components use these with
// useQuery; the live hook writes socket snapshots into the cache under liveScopeQuery's key.

import { queryOptions } from '@tanstack/react-query';
import type { AppDriverResponse, AppRbacResponse, AppVolumesResponse, AppsResponse, CountsResponse, PodResponse } from '../../lib/apiTypes';
import type { ScopeState } from '../../lib/snapshot/scopeState';
import { apiUrl } from './basePath';
import { fetchJson } from './fetchJson';

const enc = encodeURIComponent;

export const appsQuery = () => queryOptions({
  queryKey: ['apps'] as const,
  queryFn: ({ signal }) => fetchJson<AppsResponse>(apiUrl('/api/apps'), signal),
  staleTime: 30_000,
});

/** The driver, its state log and the summary: the application page's HTTP half. */
export const appDriverQuery = (namespace: string, appId: string) => queryOptions({
  queryKey: ['app-driver', namespace, appId] as const,
  queryFn: ({ signal }) => fetchJson<AppDriverResponse>(apiUrl(`/api/apps/${enc(namespace)}/${enc(appId)}/driver`), signal),
  staleTime: 10_000,
});

export const appVolumesQuery = (namespace: string, appId: string) => queryOptions({
  queryKey: ['app-volumes', namespace, appId] as const,
  queryFn: ({ signal }) => fetchJson<AppVolumesResponse>(apiUrl(`/api/apps/${enc(namespace)}/${enc(appId)}/volumes`), signal),
  staleTime: 30_000,
});

export const appRbacQuery = (namespace: string, appId: string) => queryOptions({
  queryKey: ['app-rbac', namespace, appId] as const,
  queryFn: ({ signal }) => fetchJson<AppRbacResponse>(apiUrl(`/api/apps/${enc(namespace)}/${enc(appId)}/rbac`), signal),
  staleTime: 30_000,
});

export const appCountsQuery = (namespace: string, appId: string, windowMs: number) => queryOptions({
  queryKey: ['app-counts', namespace, appId, windowMs] as const,
  queryFn: ({ signal }) => fetchJson<CountsResponse>(apiUrl(`/api/apps/${enc(namespace)}/${enc(appId)}/counts?from=${Date.now() - windowMs}&points=300`), signal),
  staleTime: 60_000,
});

export const clusterCountsQuery = (windowMs: number) => queryOptions({
  queryKey: ['cluster-counts', windowMs] as const,
  queryFn: ({ signal }) => fetchJson<CountsResponse>(apiUrl(`/api/counts?from=${Date.now() - windowMs}&points=300`), signal),
  staleTime: 60_000,
});

export const podQuery = (namespace: string, name: string) => queryOptions({
  queryKey: ['pod', namespace, name] as const,
  queryFn: ({ signal }) => fetchJson<PodResponse>(apiUrl(`/api/pods/${enc(namespace)}/${enc(name)}`), signal),
  staleTime: 5_000,
});

/** The cache entry the live hook keeps current with snapshots and diffs; never fetched over HTTP. */
export const liveScopeQuery = (scope: string) => queryOptions({
  queryKey: ['live', scope] as const,
  queryFn: (): Promise<ScopeState | null> => Promise.resolve(null),
  enabled: false,
  staleTime: Infinity,
  gcTime: 60_000,
});
