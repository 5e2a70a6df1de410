// What one person may read: every namespace (--auth none), or a set of namespaces per cluster
// (those Kubernetes lets them list pods in). The overview scope is shared by everyone and
// filtered per person with these functions: its snapshot once per connection, each diff once
// per distinct set (connections of the same people share the work).

import type { AppSummary } from '../snapshot/appSummary';
import type { ScopeDiff, ScopeState } from '../snapshot/scopeState';

export type ReadableNamespaces =
  | { all: true }
  | { all: false; byCluster: ReadonlyMap<string, ReadonlySet<string>> };

export const EVERYTHING: ReadableNamespaces = { all: true };

export function mayRead(readable: ReadableNamespaces, cluster: string, namespace: string): boolean {
  return readable.all || !!readable.byCluster.get(cluster)?.has(namespace);
}

/** The same string for the same sets, whatever order they were found in (connections are grouped by it). */
export function readableSignature(readable: ReadableNamespaces): string {
  if (readable.all) return '*';
  return [...readable.byCluster].map(([c, ns]) => `${c}:${[...ns].sort().join(',')}`).sort().join(';');
}

/** An application key (`cluster/namespace/appId`) is readable when its namespace is. */
function keyReadable(readable: ReadableNamespaces, key: string): boolean {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  return first > 0 && second > first && mayRead(readable, key.slice(0, first), key.slice(first + 1, second));
}

const summaryReadable = (readable: ReadableNamespaces, s: AppSummary) => mayRead(readable, s.cluster, s.namespace);

/** The overview as this person may see it (the overview scope holds summaries only, no rows). */
export function filterOverviewState(state: ScopeState, readable: ReadableNamespaces): ScopeState {
  if (readable.all) return state;
  const apps: Record<string, AppSummary> = {};
  for (const [key, s] of Object.entries(state.apps)) if (summaryReadable(readable, s)) apps[key] = s;
  return { ...state, apps };
}

/** An overview diff as this person may see it: same seq (an empty diff keeps the sequence whole). */
export function filterOverviewDiff(diff: ScopeDiff, readable: ReadableNamespaces): ScopeDiff {
  if (readable.all) return diff;
  const out: ScopeDiff = { scope: diff.scope, seq: diff.seq, at: diff.at };
  const apps = diff.apps?.filter((s) => summaryReadable(readable, s));
  const removedApps = diff.removedApps?.filter((k) => keyReadable(readable, k));
  if (apps?.length) out.apps = apps;
  if (removedApps?.length) out.removedApps = removedApps;
  return out;
}

/** Keeps the entries of a record keyed by application key whose namespace is readable. */
export function filterByAppKey<T>(record: Readonly<Record<string, T>>, readable: ReadableNamespaces): Record<string, T> {
  if (readable.all) return { ...record };
  const out: Record<string, T> = {};
  for (const [key, v] of Object.entries(record)) if (keyReadable(readable, key)) out[key] = v;
  return out;
}
