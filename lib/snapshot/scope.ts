// Subscription scopes: the overview (application summaries only) or one application
// (its driver and executors). A scope key is the string both sides use for rooms and caches.

export type Scope = { kind: 'overview' } | { kind: 'app'; namespace: string; appId: string };

export const OVERVIEW_SCOPE_KEY = 'overview';

export function scopeKey(scope: Scope): string {
  return scope.kind === 'overview' ? OVERVIEW_SCOPE_KEY : `app:${scope.namespace}/${scope.appId}`;
}

export function appScopeKey(namespace: string, appId: string): string {
  return `app:${namespace}/${appId}`;
}

export function parseScopeKey(key: string): Scope | null {
  if (key === OVERVIEW_SCOPE_KEY) return { kind: 'overview' };
  if (!key.startsWith('app:')) return null;
  const rest = key.slice(4);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  return { kind: 'app', namespace: rest.slice(0, slash), appId: rest.slice(slash + 1) };
}
