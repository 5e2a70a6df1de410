import { describe, expect, it } from 'vitest';
import { clusterIdFrom, isClusterId, uniqueClusterIds } from './cluster';

describe('cluster ids', () => {
  it('are DNS labels made from context names', () => {
    expect(clusterIdFrom('arn:aws:eks:eu-west-1:123456789012:cluster/Prod_EU')).toBe('prod-eu');
    expect(clusterIdFrom('gke_my-project_europe-west4_spark')).toBe('gke-my-project-europe-west4-spark');
    expect(clusterIdFrom('kind-kind')).toBe('kind-kind');
    expect(clusterIdFrom('***')).toBe('cluster');
    expect(isClusterId(clusterIdFrom('x'.repeat(100)))).toBe(true);
    expect(isClusterId('Prod')).toBe(false);
    expect(isClusterId('a/b')).toBe(false);
  });

  it('stay unique when two names make the same id', () => {
    expect(uniqueClusterIds(['prod', 'PROD', 'prod', 'staging'])).toEqual(['prod', 'prod-2', 'prod-3', 'staging']);
  });
});
