import { describe, expect, it } from 'vitest';
import type { AppSummary } from '../snapshot/appSummary';
import { emptyCounts } from '../snapshot/appSummary';
import { appQueryToParams, DEFAULT_APP_QUERY, filterApps, parseAppQuery, sortApps } from './appQuery';

function app(key: string, patch: Partial<AppSummary> = {}): AppSummary {
  const [namespace, appId] = key.split('/');
  return {
    key, cluster: 'prod', namespace, appId, appName: appId, driver: null, counts: emptyCounts(), executors: 0, unregistered: 0, inactive: 0,
    anomalies: 0, createdAt: 0, lastChangeAt: 0, oldestPendingSince: null, present: 1, ...patch,
  };
}

describe('appQuery', () => {
  it('round-trips through the URL and drops defaults', () => {
    const q = { clusters: ['prod'], namespaces: ['etl', 'ml'], states: ['failed' as const], text: 'join', sort: 'failed' as const, dir: 'desc' as const };
    const params = appQueryToParams(q);
    expect(params.toString()).toBe('cluster=prod&ns=etl%2Cml&state=failed&q=join&sort=failed&dir=desc');
    expect(parseAppQuery(params)).toEqual(q);
    expect(appQueryToParams(DEFAULT_APP_QUERY).toString()).toBe('');
  });

  it('ignores unknown states and sort keys from a hand-edited URL', () => {
    expect(parseAppQuery(new URLSearchParams('state=failed,bogus&sort=nope&dir=sideways'))).toEqual({ ...DEFAULT_APP_QUERY, states: ['failed'] });
  });

  it('filters by namespace, by any pod in a state, and by text', () => {
    const failing = app('etl/a', { counts: { ...emptyCounts(), failed: 2, running: 5 } });
    const quiet = app('ml/b', { appName: 'Feature Join' });
    const pendingDriver = app('etl/c', { driver: { uid: 'u', name: 'c-driver', state: 'pending', phase: 'Pending', node: null, deleting: false, gone: false, since: 0, reason: null, exitCode: null } });
    const all = [failing, quiet, pendingDriver];
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, namespaces: ['etl'] })).toEqual([failing, pendingDriver]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, states: ['failed'] })).toEqual([failing]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, states: ['pending'] })).toEqual([pendingDriver]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, text: 'feature' })).toEqual([quiet]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, text: 'c-driver' })).toEqual([pendingDriver]);
  });

  it('finds operator applications by their resource and schedule names, and filters on having an operator', () => {
    const operator = { operator: 'kubeflow' as const, name: 'nightly-report-1700000000', phase: 'running' as const, rawState: 'RUNNING', errorMessage: null, scheduledBy: 'nightly-report' };
    const run = app('etl/spark-1a2b', { appName: 'Report', operator });
    const podless = app('etl/operator:ingest', { appName: 'ingest', operator: { ...operator, name: 'ingest', scheduledBy: null, phase: 'submission-failed' }, present: 0 });
    const plain = app('etl/spark-9z');
    const all = [run, podless, plain];
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, text: 'nightly-report-17' })).toEqual([run]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, text: 'nightly-report' })).toEqual([run]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, operator: 'yes' })).toEqual([run, podless]);
    expect(filterApps(all, { ...DEFAULT_APP_QUERY, operator: 'no' })).toEqual([plain]);
    expect(appQueryToParams({ ...DEFAULT_APP_QUERY, operator: 'no' }).toString()).toBe('operator=no');
    expect(parseAppQuery(new URLSearchParams('operator=yes')).operator).toBe('yes');
    expect(parseAppQuery(new URLSearchParams('operator=maybe')).operator).toBeUndefined();
  });

  it('filters and sorts by cluster', () => {
    const eu = app('etl/a', { cluster: 'prod-eu' }), us = app('etl/b', { cluster: 'prod-us' }), staging = app('etl/c', { cluster: 'staging' });
    expect(filterApps([eu, us, staging], { ...DEFAULT_APP_QUERY, clusters: ['prod-us', 'staging'] })).toEqual([us, staging]);
    expect(filterApps([eu, us, staging], { ...DEFAULT_APP_QUERY, text: 'prod' })).toEqual([eu, us]);
    expect(sortApps([staging, us, eu], 'cluster', 'asc').map((a) => a.cluster)).toEqual(['prod-eu', 'prod-us', 'staging']);
  });

  it('sorts with a stable tie-break', () => {
    const a = app('x/a', { executors: 5, createdAt: 100 }), b = app('x/b', { executors: 5, createdAt: 300 }), c = app('x/c', { executors: 9, createdAt: 200 });
    expect(sortApps([a, b, c], 'executors', 'desc').map((x) => x.key)).toEqual(['x/c', 'x/a', 'x/b']);
    expect(sortApps([a, b, c], 'age', 'asc').map((x) => x.key)).toEqual(['x/b', 'x/c', 'x/a']);
  });
});
