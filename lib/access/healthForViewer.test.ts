import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../apiTypes';
import { aggregateHealth } from '../health/dashboardHealth';
import type { SourceHealth } from '../health/sourceHealth';
import { clusterHealthForViewer, healthForViewer } from './healthForViewer';
import { namespaceMask } from './namespaceMask';
import { EVERYTHING } from './readableNamespaces';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const source = (namespace: string, over: Partial<SourceHealth> = {}): SourceHealth => ({
  name: `watch:${namespace}`, kind: 'watch', resource: 'Pod', plural: 'pods', namespace, state: 'healthy', synced: true,
  lastEventAt: T0, lastSyncAt: T0, lastError: null, failingSince: null, failures: 0, nextRetryAt: null, ...over,
} as SourceHealth);
const report = (name: string, over: Partial<ClusterHealth> = {}): ClusterHealth => ({
  name, at: T0, sources: [], ready: true, stale: false, staleSince: null, problems: [], notices: [], ...over,
});

// prod watches spark-etl and spark-secret-team; staging watches everything ('*').
const health = aggregateHealth([
  { id: 'prod', ...report('prod', {
    ready: false, stale: true, staleSince: T0,
    sources: [source('spark-etl'), source('spark-secret-team', { state: 'failing' as SourceHealth['state'] })],
    optional: [source('spark-secret-team', { resource: 'PVC', plural: 'persistentvolumeclaims' })],
    problems: ['Pod watch for namespace spark-secret-team is failing (HTTP 403): forbidden.'],
    notices: ['Events of spark-secret-team and spark-etl are read again.'],
  }) },
  { id: 'staging', ...report('staging', { sources: [source('*')] }) },
], T0);

describe('healthForViewer', () => {
  it('a reader of everything gets the report as it is', () => {
    expect(healthForViewer(health, EVERYTHING)).toBe(health);
  });

  it('a reader of some namespaces sees their sources and whole-cluster ones; other names are masked everywhere', () => {
    const alice = healthForViewer(health, { all: false, byCluster: new Map([['prod', new Set(['spark-etl'])]]) });
    expect(alice.clusters.prod.sources.map((s) => s.namespace)).toEqual(['spark-etl']);
    expect(alice.clusters.prod.optional).toEqual([]);
    expect(alice.clusters.staging.sources.map((s) => s.namespace)).toEqual(['*']);
    expect(JSON.stringify(alice)).not.toContain('spark-secret-team');
    expect(alice.problems).toEqual(['prod: Pod watch for namespace (a namespace) is failing (HTTP 403): forbidden.']);
    expect(alice.clusters.prod.notices).toEqual(['Events of (a namespace) and spark-etl are read again.']);
    // That prod is in trouble is still said.
    expect(alice.degraded).toEqual(['prod']);
    expect(alice.clusters.prod.ready).toBe(false);
  });

  it('a reader of nothing sees no namespace at all', () => {
    const nobody = healthForViewer(health, { all: false, byCluster: new Map() });
    expect(JSON.stringify(nobody)).not.toMatch(/spark-etl|spark-secret-team/);
  });
});

describe('namespaceMask', () => {
  it('masks whole names only, the longest first', () => {
    const mask = namespaceMask(['spark', 'spark-etl', '*']);
    expect(mask('spark-etl and spark, not spark-ml or myspark')).toBe('(a namespace) and (a namespace), not spark-ml or myspark');
    expect(namespaceMask([])('spark-etl')).toBe('spark-etl');
  });
});

describe('clusterHealthForViewer', () => {
  it('narrows one cluster the same way', () => {
    const prod = clusterHealthForViewer('prod', health.clusters.prod, { all: false, byCluster: new Map([['prod', new Set(['spark-etl'])]]) });
    expect(prod.sources.map((s) => s.namespace)).toEqual(['spark-etl']);
    expect(JSON.stringify(prod)).not.toContain('spark-secret-team');
    expect(clusterHealthForViewer('prod', health.clusters.prod, EVERYTHING)).toBe(health.clusters.prod);
  });
});
