import { describe, expect, it } from 'vitest';
import { applyLimitRangeDefaults, defaultLimitRange, limitRangeRefusal } from './limitRanger';
import type { KubeObject } from './storedObject';

const range = (limits: unknown[]): KubeObject => {
  const lr: KubeObject = { metadata: { name: 'per-container' }, spec: { limits } };
  defaultLimitRange(lr);
  return lr;
};
const pod = (containers: unknown[], initContainers: unknown[] = []): KubeObject => ({ metadata: { name: 'x' }, spec: { containers, initContainers } });

describe('LimitRange defaulting (SetDefaults_LimitRangeItem)', () => {
  it('a Container item defaults its limit to max and its request to that limit, else to min', () => {
    const lr = range([{ type: 'Container', max: { cpu: '2' }, min: { memory: '256Mi' } }]);
    expect((lr.spec as { limits: unknown[] }).limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '256Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '256Mi' } });
  });
});

describe('LimitRanger admission', () => {
  it('fills what a container does not state and says so in the annotation', () => {
    const p = pod([{ name: 'spark-kubernetes-executor', resources: { requests: { cpu: '1' } } }, { name: 'sidecar' }]);
    applyLimitRangeDefaults(p, [range([{ type: 'Container', default: { cpu: '2', memory: '1Gi' }, defaultRequest: { cpu: '500m', memory: '512Mi' } }])]);
    const [spark, sidecar] = (p.spec as { containers: { resources: unknown }[] }).containers;
    expect(spark.resources).toEqual({ requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(sidecar.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(p.metadata!.annotations).toEqual({
      'kubernetes.io/limit-ranger': 'LimitRanger plugin set: memory request for container spark-kubernetes-executor; cpu, memory limit for container spark-kubernetes-executor; cpu, memory request for container sidecar; cpu, memory limit for container sidecar',
    });
  });

  it("refuses in the plugin's words: max, min, ratio, per container and per pod", () => {
    const lr = range([{ type: 'Container', max: { cpu: '2' } }]);
    expect(limitRangeRefusal(pod([{ name: 'a', resources: { requests: { cpu: '4' }, limits: { cpu: '4' } } }]), [lr])).toBe('maximum cpu usage per Container is 2, but limit is 4');
    expect(limitRangeRefusal(pod([{ name: 'a', resources: { requests: { cpu: '3' }, limits: { cpu: '2' } } }]), [lr])).toBe('maximum cpu usage per Container is 2, but request is 3');
    expect(limitRangeRefusal(pod([{ name: 'a', resources: { requests: { cpu: '1' } } }]), [lr])).toBe('maximum cpu usage per Container is 2.  No limit is specified');
    const min = range([{ type: 'Container', min: { memory: '1Gi' }, maxLimitRequestRatio: { memory: '2' } }]);
    expect(limitRangeRefusal(pod([{ name: 'a', resources: { requests: { memory: '512Mi' }, limits: { memory: '4Gi' } } }]), [min]))
      .toBe('[minimum memory usage per Container is 1Gi, but request is 512Mi, memory max limit to request ratio per Container is 2, but provided ratio is 8.000000]');
    const perPod = range([{ type: 'Pod', max: { cpu: '3' } }]);
    const two = pod([{ name: 'a', resources: { limits: { cpu: '2' } } }, { name: 'b', resources: { limits: { cpu: '2' } } }]);
    expect(limitRangeRefusal(two, [perPod])).toBe('maximum cpu usage per Pod is 3, but limit is 4');
    expect(limitRangeRefusal(pod([{ name: 'a', resources: { requests: { cpu: '1' }, limits: { cpu: '1' } } }]), [lr, perPod])).toBeNull();
  });
});
