import { describe, expect, it } from 'vitest';
import { podCpuRequest } from './podResources';
import type { KubeContainer, KubePod } from './types';

const c = (name: string, cpu?: { request?: string; limit?: string }, restartPolicy?: string): KubeContainer => ({
  name,
  ...(restartPolicy ? { restartPolicy } : {}),
  resources: { ...(cpu?.request ? { requests: { cpu: cpu.request } } : {}), ...(cpu?.limit ? { limits: { cpu: cpu.limit } } : {}) },
});
const pod = (containers: KubeContainer[], initContainers: KubeContainer[] = [], overhead?: string): KubePod =>
  ({ spec: { containers, initContainers, ...(overhead ? { overhead: { cpu: overhead } } : {}) } });

describe('podCpuRequest', () => {
  it('sums the containers, in cores', () => {
    expect(podCpuRequest(pod([c('spark-kubernetes-executor', { request: '4' }), c('log-shipper', { request: '250m' })]))).toBe(4.25);
  });

  it('takes the limit of a container that only sets one, and counts fractions of a core exactly', () => {
    expect(podCpuRequest(pod([c('spark', { limit: '1500m' })]))).toBe(1.5);
    expect(podCpuRequest(pod([c('spark', { request: '1.5', limit: '3' })]))).toBe(1.5);
  });

  it('counts sidecars (restartable init containers) with the containers, and a larger init container alone', () => {
    expect(podCpuRequest(pod([c('spark', { request: '2' })], [c('proxy', { request: '500m' }, 'Always')]))).toBe(2.5);
    expect(podCpuRequest(pod([c('spark', { request: '1' })], [c('proxy', { request: '1' }, 'Always'), c('fetch', { request: '3' })]))).toBe(4);
    expect(podCpuRequest(pod([c('spark', { request: '1' })], [c('fetch', { request: '3' }), c('proxy', { request: '1' }, 'Always')]))).toBe(3);
  });

  it('adds the pod overhead', () => {
    expect(podCpuRequest(pod([c('spark', { request: '1' })], [], '100m'))).toBeCloseTo(1.1, 10);
  });

  it('is unknown when nothing is requested or a quantity is unreadable', () => {
    expect(podCpuRequest(pod([c('spark')]))).toBeNull();
    expect(podCpuRequest(pod([c('spark', { request: 'lots' })]))).toBeNull();
    expect(podCpuRequest({})).toBeNull();
  });
});
