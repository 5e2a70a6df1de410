import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../apiTypes';
import { aggregateHealth } from './dashboardHealth';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const report = (name: string, over: Partial<ClusterHealth> = {}): ClusterHealth => ({
  name, at: T0, sources: [], ready: true, stale: false, staleSince: null, problems: [], notices: [], ...over,
});

describe('aggregateHealth', () => {
  it('one cluster: its verdict, its words', () => {
    const h = aggregateHealth([{ id: 'prod', ...report('prod', { ready: false, stale: true, staleSince: T0, problems: ['Pod watch is failing.'] }) }], T0);
    expect(h).toMatchObject({ ready: false, stale: true, staleSince: T0, problems: ['Pod watch is failing.'], degraded: ['prod'] });
  });

  it('several clusters: ready while one is, the others named as degraded with their problems', () => {
    const h = aggregateHealth([
      { id: 'eu', ...report('prod-eu') },
      { id: 'us', ...report('prod-us', { ready: false, stale: true, staleSince: T0 + 5000, problems: ['The Kubernetes API server has not answered for 12 s.'] }) },
    ], T0 + 20_000);
    expect(h.ready).toBe(true);
    expect(h.degraded).toEqual(['us']);
    expect(h.problems).toEqual(['prod-us: The Kubernetes API server has not answered for 12 s.']);
    expect(h.staleSince).toBe(T0 + 5000);
    expect(Object.keys(h.clusters)).toEqual(['eu', 'us']);
  });

  it('no cluster ready is not ready', () => {
    expect(aggregateHealth([{ id: 'a', ...report('a', { ready: false }) }, { id: 'b', ...report('b', { ready: false }) }], T0).ready).toBe(false);
    expect(aggregateHealth([], T0).ready).toBe(false);
  });
});
