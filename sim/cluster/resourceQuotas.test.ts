import { describe, expect, it } from 'vitest';
import { quotaRefusal, quotaStatus } from './resourceQuotas';

const NOW = Date.UTC(2026, 0, 1);
const quota = (name: string, hard: Record<string, string>, used: Record<string, string>, spec: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { hard, ...spec }, status: { hard, used } });
const pod = (requests: Record<string, string>, limits: Record<string, string> = {}, spec: Record<string, unknown> = {}, status: Record<string, unknown> = {}) =>
  ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { requests, limits } }], ...spec }, status });

describe('quotaRefusal', () => {
  it('names only what was exceeded, sorted, and the first quota by name that refuses', () => {
    const quotas = [
      quota('zeta', { pods: '1' }, { pods: '1' }),
      quota('compute', { 'requests.cpu': '40', 'requests.memory': '1Ti', 'requests.nvidia.com/gpu': '4' }, { 'requests.cpu': '38', 'requests.memory': '10Gi', 'requests.nvidia.com/gpu': '4' }),
    ];
    expect(quotaRefusal(quotas, pod({ cpu: '4', memory: '9011Mi', 'nvidia.com/gpu': '1' }, { 'nvidia.com/gpu': '1' }), NOW))
      .toBe('exceeded quota: compute, requested: requests.cpu=4,requests.nvidia.com/gpu=1, used: requests.cpu=38,requests.nvidia.com/gpu=4, limited: requests.cpu=40,requests.nvidia.com/gpu=4');
    expect(quotaRefusal([quotas[0]], pod({ cpu: '1' }), NOW)).toBe('exceeded quota: zeta, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('leaves pods out of scope alone, and says when a quota has no usage yet', () => {
    const scoped = quota('batch-low', { 'requests.cpu': '1' }, { 'requests.cpu': '1' }, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['batch-low'] }] } });
    expect(quotaRefusal([scoped], pod({ cpu: '2' }), NOW)).toBeNull();
    expect(quotaRefusal([scoped], pod({ cpu: '2' }, {}, { priorityClassName: 'batch-low' }), NOW)).toMatch(/^exceeded quota: batch-low/);
    expect(quotaRefusal([quota('new', { 'requests.cpu': '1' }, {})], pod({ cpu: '2' }), NOW)).toBe('status unknown for quota: new, resources: requests.cpu');
  });
});

describe('quotaStatus', () => {
  it('counts what running and pending pods ask, ended pods only as objects', () => {
    const q = quota('compute', { 'requests.cpu': '10', 'limits.memory': '64Gi', 'count/pods': '100', services: '5' }, { services: '2' });
    const pods = [pod({ cpu: '1', memory: '1408Mi' }, { memory: '1408Mi' }), pod({ cpu: '500m' }), pod({ cpu: '4' }, { memory: '8Gi' }, {}, { phase: 'Failed' })];
    expect(quotaStatus(q, pods, NOW)).toEqual({
      hard: { 'requests.cpu': '10', 'limits.memory': '64Gi', 'count/pods': '100', services: '5' },
      used: { 'requests.cpu': '1500m', 'limits.memory': '1408Mi', 'count/pods': '3', services: '2' },
    });
  });
});
