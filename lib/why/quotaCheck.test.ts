import { describe, expect, it } from 'vitest';
import { podResources } from '../kube/podResources';
import type { KubeLimitRange, KubePod, KubeResourceQuota } from '../kube/types';
import { checkLimitRanges, checkQuotas, type ExecutorAsk } from './quotaCheck';

const executor = (requests: Record<string, string>, limits: Record<string, string> = {}, extra: Partial<KubePod['spec']> = {}): ExecutorAsk => ({
  resources: podResources({ spec: { containers: [{ name: 'spark-kubernetes-executor', resources: { requests, limits } }], ...extra } }),
});
const quota = (name: string, hard: Record<string, string>, used: Record<string, string>, spec: Partial<NonNullable<KubeResourceQuota['spec']>> = {}): KubeResourceQuota => ({
  metadata: { name, namespace: 'spark-etl' }, spec: { hard, ...spec }, status: { hard, used },
});

describe('checkQuotas', () => {
  it('says plainly when one more executor does not fit', () => {
    const [f] = checkQuotas([quota('compute', { 'requests.cpu': '40' }, { 'requests.cpu': '38' })], executor({ cpu: '4', memory: '8Gi' }));
    expect(f).toMatchObject({ kind: 'quota', refused: true, fits: 0, resource: 'requests.cpu' });
    expect(f.text).toBe('quota `compute` in spark-etl: 38 of 40 requests.cpu used; one executor asks 4 — no more executors can be created');
  });

  it('reads quantities with every suffix: milli-cores, binary and decimal bytes, exponents', () => {
    const ask = executor({ cpu: '1500m', memory: '6Gi', 'ephemeral-storage': '20G' }, { memory: '6144Mi' });
    const fs = checkQuotas([quota('mixed', {
      cpu: '8', 'limits.memory': '64Gi', 'requests.ephemeral-storage': '100e9', memory: '65536Mi',
    }, {
      cpu: '7000m', 'limits.memory': '60Gi', 'requests.ephemeral-storage': '90G', memory: '62914560Ki',
    })], ask);
    expect(fs.map((f) => [f.resource, f.fits])).toEqual([['cpu', 0], ['limits.memory', 0], ['requests.ephemeral-storage', 0], ['memory', 0]]);
    expect(fs.find((f) => f.resource === 'limits.memory')!.text).toBe('quota `mixed` in spark-etl: 60Gi of 64Gi limits.memory used; one executor asks 6Gi — no more executors can be created');
    expect(fs.find((f) => f.resource === 'requests.ephemeral-storage')!.text).toMatch(/83\.82Gi of 93\.13Gi requests\.ephemeral-storage used; one executor asks 18\.63Gi/);
  });

  it('counts pods and extended resources, and warns while only a few fit', () => {
    const ask = executor({ cpu: '1', 'nvidia.com/gpu': '1' }, { 'nvidia.com/gpu': '1' });
    const fs = checkQuotas([quota('gpus', { 'requests.nvidia.com/gpu': '8', 'count/pods': '100', pods: '50' }, { 'requests.nvidia.com/gpu': '6', 'count/pods': '10', pods: '49' })], ask);
    expect(fs.map((f) => [f.resource, f.refused, f.fits])).toEqual([['requests.nvidia.com/gpu', false, 2], ['pods', false, 1]]);
    expect(fs[0].text).toMatch(/only 2 more fit$/);
    expect(fs[1].text).toMatch(/only 1 more fits$/);
  });

  it('an executor that states no request for a quota\'s resource is refused', () => {
    const [f] = checkQuotas([quota('compute', { 'limits.cpu': '40' }, { 'limits.cpu': '0' })], executor({ cpu: '2' }));
    expect(f).toMatchObject({ kind: 'quota-unspecified', refused: true });
    expect(f.text).toMatch(/executors state no limit for cpu: the API refuses them \("must specify limits\.cpu"\)/);
  });

  it('ignores quotas whose scope does not cover executors, and plenty of room', () => {
    const full = { 'requests.cpu': '10' }, used = { 'requests.cpu': '10' };
    expect(checkQuotas([quota('best-effort', full, used, { scopes: ['BestEffort'] })], executor({ cpu: '1' }))).toEqual([]);
    expect(checkQuotas([quota('terminating', full, used, { scopes: ['Terminating'] })], executor({ cpu: '1' }))).toEqual([]);
    expect(checkQuotas([quota('high', full, used, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } })], executor({ cpu: '1' }))).toEqual([]);
    expect(checkQuotas([quota('not-terminating', full, used, { scopes: ['NotTerminating', 'NotBestEffort'] })], executor({ cpu: '1' }))).toHaveLength(1);
    expect(checkQuotas([quota('roomy', { 'requests.cpu': '1k' }, { 'requests.cpu': '10' })], executor({ cpu: '4' }))).toEqual([]);
    expect(checkQuotas([quota('objects', { services: '1', secrets: '2' }, { services: '1', secrets: '2' })], executor({ cpu: '4' }))).toEqual([]);
  });
});

describe('checkLimitRanges', () => {
  const range = (limits: NonNullable<KubeLimitRange['spec']>['limits']): KubeLimitRange => ({ metadata: { name: 'limits', namespace: 'spark-etl' }, spec: { limits } });

  it('a container above the max or below the min, a pod above the max, a limit too far above its request', () => {
    const ask = executor({ cpu: '4', memory: '1Gi' }, { memory: '4Gi' });
    const fs = checkLimitRanges([range([
      { type: 'Container', max: { cpu: '2' }, min: { memory: '2Gi' }, maxLimitRequestRatio: { memory: '1.5' } },
      { type: 'Pod', max: { memory: '3Gi' } },
    ])], ask);
    expect(fs.map((f) => f.text)).toEqual([
      'LimitRange `limits` in spark-etl allows at most 2 cpu per container; container spark-kubernetes-executor of each executor asks 4',
      'LimitRange `limits` in spark-etl requires at least 2Gi memory per container; container spark-kubernetes-executor of each executor asks 1Gi',
      'LimitRange `limits` in spark-etl allows a memory limit at most 1.5× the request; container spark-kubernetes-executor of each executor has 4Gi for 1Gi',
      'LimitRange `limits` in spark-etl allows at most 3Gi memory per pod; the pod of each executor asks 4Gi',
    ]);
  });

  it('says nothing when the executor is within every range', () => {
    expect(checkLimitRanges([range([{ type: 'Container', max: { cpu: '8', memory: '64Gi' }, min: { cpu: '100m' } }])], executor({ cpu: '4', memory: '8Gi' }))).toEqual([]);
  });
});
