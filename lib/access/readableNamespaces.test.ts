import { describe, expect, it } from 'vitest';
import type { AppSummary } from '../snapshot/appSummary';
import { applyDiff, type ScopeState } from '../snapshot/scopeState';
import { EVERYTHING, filterByAppKey, filterOverviewDiff, filterOverviewState, mayRead, readableSignature, type ReadableNamespaces } from './readableNamespaces';

const app = (cluster: string, namespace: string, appId: string) => ({ key: `${cluster}/${namespace}/${appId}`, cluster, namespace, appId }) as AppSummary;
const alice: ReadableNamespaces = { all: false, byCluster: new Map([['prod', new Set(['etl'])]]) };

describe('readable namespaces', () => {
  const state: ScopeState = { scope: 'overview', seq: 5, at: 1, maxTransitions: 8, rows: [], apps: { 'prod/etl/a': app('prod', 'etl', 'a'), 'prod/ml/b': app('prod', 'ml', 'b'), 'staging/etl/c': app('staging', 'etl', 'c') } };

  it('lets through only the namespaces of each cluster a person may read', () => {
    expect(mayRead(alice, 'prod', 'etl')).toBe(true);
    expect(mayRead(alice, 'staging', 'etl')).toBe(false);
    expect(mayRead(EVERYTHING, 'any', 'thing')).toBe(true);
    expect(Object.keys(filterOverviewState(state, alice).apps)).toEqual(['prod/etl/a']);
    expect(filterOverviewState(state, EVERYTHING)).toBe(state);
    expect(Object.keys(filterByAppKey({ 'prod/etl/a': 1, 'prod/ml/b': 2, bogus: 3 }, alice))).toEqual(['prod/etl/a']);
  });

  it('filters diffs keeping the seq, so a filtered snapshot plus filtered diffs is the filtered state', () => {
    const diff = { scope: 'overview', seq: 6, at: 2, apps: [app('prod', 'ml', 'd'), app('prod', 'etl', 'e')], removedApps: ['prod/etl/a', 'staging/etl/c'] };
    const mine = filterOverviewDiff(diff, alice);
    expect(mine).toEqual({ scope: 'overview', seq: 6, at: 2, apps: [app('prod', 'etl', 'e')], removedApps: ['prod/etl/a'] });
    expect(applyDiff(filterOverviewState(state, alice), mine)).toEqual(filterOverviewState(applyDiff(state, diff), alice));
    // Nothing readable changed: still a diff, so the client's sequence has no gap.
    expect(filterOverviewDiff({ scope: 'overview', seq: 7, at: 3, apps: [app('prod', 'ml', 'x')] }, alice)).toEqual({ scope: 'overview', seq: 7, at: 3 });
  });

  it('gives the same signature to the same sets in any order', () => {
    const a: ReadableNamespaces = { all: false, byCluster: new Map([['p', new Set(['x', 'y'])], ['s', new Set(['z'])]]) };
    const b: ReadableNamespaces = { all: false, byCluster: new Map([['s', new Set(['z'])], ['p', new Set(['y', 'x'])]]) };
    expect(readableSignature(a)).toBe(readableSignature(b));
    expect(readableSignature(a)).not.toBe(readableSignature(alice));
  });
});
