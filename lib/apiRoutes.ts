// The JSON API's route table, declared once for both sides: each route's path pattern, the
// schemas of its path and query parameters (what a client sends is untrusted and validated
// here, with zod, before a handler sees it) and its response type (lib/apiTypes). The server
// matches and validates with matchApiRoute; the browser builds URLs with apiPath; a handler
// table typed by ApiHandlers must return each route's declared response.

import { z } from 'zod';
import type {
  AppAtResponse, AppDetailResponse, AppOperatorResponse, AppDriverResponse, AppHistoryResponse, AppRbacResponse, AppWhyResponse, AppEventsResponse, WhySummaryResponse, AppRecordResponse, AppVolumesResponse, AppsResponse,
  ClustersResponse, CountsResponse, DashboardHealth, HistoryAppsResponse, PodResponse,
} from './apiTypes';
import { isClusterId } from './cluster';
import { isAppId, isNamespace } from './protocol';

const cluster = z.string().refine(isClusterId, 'must be a cluster id (lower-case letters, digits and -)');
const namespace = z.string().refine(isNamespace, 'must be a Kubernetes namespace name');
const appId = z.string().refine(isAppId, 'must be a spark-app-selector label value');
const podName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'must be a pod name');
/** Epoch milliseconds in a query string. */
const millis = z.coerce.number().int().nonnegative().max(8_640_000_000_000_000);

const appParams = z.object({ cluster, namespace, appId });
const seriesQuery = z.object({
  from: millis.optional(),
  to: millis.optional(),
  points: z.coerce.number().int().min(10).max(2000).optional(),
});

interface RouteDef<P extends z.ZodType, Q extends z.ZodType, R> {
  pattern: string;
  params: P;
  query: Q;
  /** Carries the response type only. */
  response?: R;
}

const route = <R>() => <P extends z.ZodType, Q extends z.ZodType>(pattern: string, params: P, query: Q): RouteDef<P, Q, R> => ({ pattern, params, query });
const none = z.object({});
const clusterFilter = z.object({ cluster: cluster.optional() });
export const HISTORY_STATES = ['running', 'succeeded', 'failed', 'deleted'] as const;
export const HISTORY_SORTS = ['started', 'ended', 'name', 'executors', 'namespace', 'coreHours'] as const;
const historyQuery = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  cluster: cluster.optional(),
  namespace: namespace.optional(),
  state: z.enum(HISTORY_STATES).optional(),
  from: millis.optional(),
  to: millis.optional(),
  sort: z.enum(HISTORY_SORTS).default('started'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(5).max(200).default(50),
});

export const API_ROUTES = {
  clusters: route<ClustersResponse>()('/api/clusters', none, none),
  apps: route<AppsResponse>()('/api/apps', none, clusterFilter),
  why: route<WhySummaryResponse>()('/api/why', none, clusterFilter),
  health: route<DashboardHealth>()('/api/health', none, none),
  counts: route<CountsResponse>()('/api/counts', none, clusterFilter.extend(seriesQuery.shape)),
  app: route<AppDetailResponse>()('/api/apps/:cluster/:namespace/:appId', appParams, none),
  appDriver: route<AppDriverResponse>()('/api/apps/:cluster/:namespace/:appId/driver', appParams, none),
  appHistory: route<AppHistoryResponse>()('/api/apps/:cluster/:namespace/:appId/history', appParams, none),
  appCounts: route<CountsResponse>()('/api/apps/:cluster/:namespace/:appId/counts', appParams, seriesQuery),
  appVolumes: route<AppVolumesResponse>()('/api/apps/:cluster/:namespace/:appId/volumes', appParams, none),
  appRbac: route<AppRbacResponse>()('/api/apps/:cluster/:namespace/:appId/rbac', appParams, none),
  appWhy: route<AppWhyResponse>()('/api/apps/:cluster/:namespace/:appId/why', appParams, none),
  appEvents: route<AppEventsResponse>()('/api/apps/:cluster/:namespace/:appId/events', appParams, none),
  appOperator: route<AppOperatorResponse>()('/api/apps/:cluster/:namespace/:appId/operator', appParams, none),
  appRecord: route<AppRecordResponse>()('/api/apps/:cluster/:namespace/:appId/record', appParams, none),
  appAt: route<AppAtResponse>()('/api/apps/:cluster/:namespace/:appId/at', appParams, z.object({ t: millis })),
  historyApps: route<HistoryAppsResponse>()('/api/history/apps', none, historyQuery),
  pod: route<PodResponse>()('/api/pods/:cluster/:namespace/:name', z.object({ cluster, namespace, name: podName }), none),
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
type Def<N extends ApiRouteName> = (typeof API_ROUTES)[N];
export type ApiParams<N extends ApiRouteName> = z.infer<Def<N>['params']>;
export type ApiQuery<N extends ApiRouteName> = z.infer<Def<N>['query']>;
export type ApiResponse<N extends ApiRouteName> = NonNullable<Def<N>['response']>;

/** What a handler of route N is given and must answer. */
export type ApiHandlers<Ctx> = {
  [N in ApiRouteName]: (input: { params: ApiParams<N>; query: ApiQuery<N>; ctx: Ctx }) => ApiResponse<N> | Promise<ApiResponse<N>>;
};

/** A URL path (without the base path) for route N. */
export function apiPath<N extends ApiRouteName>(name: N, params: ApiParams<N>, query?: Partial<Record<keyof ApiQuery<N>, string | number | undefined>>): string {
  const values = params as Record<string, string>;
  const path = API_ROUTES[name].pattern.replace(/:([A-Za-z]+)/g, (_m, key: string) => encodeURIComponent(values[key]));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
  const text = qs.toString();
  return text ? `${path}?${text}` : path;
}

export type ApiMatch =
  | { ok: true; name: ApiRouteName; params: Record<string, unknown>; query: Record<string, unknown> }
  | { ok: false; status: 400 | 404; error: string };

function describeIssues(where: string, error: z.ZodError): string {
  return error.issues.map((i) => `${where} ${i.path.join('.') || 'value'} ${i.message}`).join('; ');
}

/**
 * Finds the route of a path (already split into decoded segments) and validates its
 * parameters. 404 when no pattern has that shape, 400 when one does but a value is wrong.
 */
export function matchApiRoute(segments: readonly string[], search: URLSearchParams): ApiMatch {
  for (const [name, def] of Object.entries(API_ROUTES) as [ApiRouteName, Def<ApiRouteName>][]) {
    const pattern = def.pattern.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const raw: Record<string, string> = {};
    let fits = true;
    for (let i = 0; i < pattern.length && fits; i++) {
      if (pattern[i].startsWith(':')) raw[pattern[i].slice(1)] = segments[i];
      else fits = pattern[i] === segments[i];
    }
    if (!fits) continue;
    const params = def.params.safeParse(raw);
    if (!params.success) return { ok: false, status: 400, error: describeIssues('path parameter', params.error) };
    const queryInput: Record<string, string> = {};
    for (const key of Object.keys((def.query as z.ZodObject).shape)) {
      const v = search.get(key);
      if (v !== null) queryInput[key] = v;
    }
    const query = def.query.safeParse(queryInput);
    if (!query.success) return { ok: false, status: 400, error: describeIssues('query parameter', query.error) };
    return { ok: true, name, params: params.data as Record<string, unknown>, query: query.data as Record<string, unknown> };
  }
  return { ok: false, status: 404, error: `unknown API path /${segments.join('/')}` };
}
