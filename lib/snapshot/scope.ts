// Subscription scopes: the overview (application summaries of every cluster) or one
// application (its driver and executors). A scope key is the string both sides use for
// rooms and caches; an application's key names its cluster.

export type Scope = { kind: 'overview' } | { kind: 'app'; cluster: string; namespace: string; appId: string };

export const OVERVIEW_SCOPE_KEY = 'overview';

export function scopeKey(scope: Scope): string {
  return scope.kind === 'overview' ? OVERVIEW_SCOPE_KEY : appScopeKey(scope.cluster, scope.namespace, scope.appId);
}

export function appScopeKey(cluster: string, namespace: string, appId: string): string {
  return `app:${cluster}/${namespace}/${appId}`;
}

export function parseScopeKey(key: string): Scope | null {
  if (key === OVERVIEW_SCOPE_KEY) return { kind: 'overview' };
  if (!key.startsWith('app:')) return null;
  const rest = key.slice(4);
  const first = rest.indexOf('/');
  const second = first > 0 ? rest.indexOf('/', first + 1) : -1;
  if (first <= 0 || second <= first + 1) return null;
  return { kind: 'app', cluster: rest.slice(0, first), namespace: rest.slice(first + 1, second), appId: rest.slice(second + 1) };
}
