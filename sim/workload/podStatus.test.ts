import { describe, expect, it } from 'vitest';
import type { KubePodSpec } from '../../lib/kube/types';
import { computePodStatus, kubeTime, newPodRuntime, podPhase, startContainer, terminateContainer } from './podStatus';

const T0 = '2025-11-24T12:00:00Z';
const T1 = '2025-11-24T12:00:05Z';
const T2 = '2025-11-24T12:04:00Z';
const ids = { imageID: (image: string) => `docker.io/${image}@sha256:abc`, containerID: () => 'c0ffee' };

const spec: KubePodSpec = {
  containers: [{ name: 'log-shipper', image: 'fluent-bit:3' }, { name: 'spark-kubernetes-executor', image: 'apache/spark:4.0.1' }],
  initContainers: [{ name: 'otel-collector', image: 'otel:1', restartPolicy: 'Always' }],
};

function scheduled() {
  const rt = newPodRuntime(spec, ids);
  rt.scheduled = 'yes';
  rt.hostIP = '10.0.3.17';
  rt.podIP = '10.0.3.201';
  rt.startTime = T0;
  rt.sandboxReady = true;
  return rt;
}

const cond = (s: ReturnType<typeof computePodStatus>, type: string) => s.conditions?.find((c) => c.type === type);

describe('computePodStatus', () => {
  it('reports an unschedulable pod as Pending with PodScheduled=False', () => {
    const rt = newPodRuntime(spec, ids);
    rt.scheduled = 'unschedulable';
    rt.unschedulableMessage = '0/12 nodes are available: 12 Insufficient cpu.';
    const s = computePodStatus(rt, T0);
    expect(s.phase).toBe('Pending');
    expect(s.conditions).toEqual([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/12 nodes are available: 12 Insufficient cpu.', lastProbeTime: null, lastTransitionTime: T0 }]);
    expect(s.containerStatuses).toBeUndefined();
  });

  it('reports containers being created, then running and ready', () => {
    const rt = scheduled();
    const creating = computePodStatus(rt, T0);
    expect(creating.phase).toBe('Pending');
    expect(creating.hostIP).toBe('10.0.3.17');
    expect(creating.startTime).toBe(T0);
    expect(creating.containerStatuses?.map((c) => c.state)).toEqual([{ waiting: { reason: 'PodInitializing' } }, { waiting: { reason: 'PodInitializing' } }]);
    expect(creating.initContainerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(cond(creating, 'Initialized')?.status).toBe('False');
    expect(cond(creating, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [log-shipper spark-kubernetes-executor]' });

    for (const c of [...rt.initContainers, ...rt.containers]) startContainer(c, T1);
    const running = computePodStatus(rt, T1);
    expect(running.phase).toBe('Running');
    expect(running.podIP).toBe('10.0.3.201');
    expect(running.containerStatuses?.[1]).toMatchObject({ name: 'spark-kubernetes-executor', ready: true, started: true, containerID: 'containerd://c0ffee', imageID: 'docker.io/apache/spark:4.0.1@sha256:abc', state: { running: { startedAt: T1 } } });
    expect(cond(running, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: T1 });
    // PodScheduled did not change, so it keeps its first transition time.
    expect(cond(running, 'PodScheduled')).toMatchObject({ status: 'True', lastTransitionTime: T0 });
  });

  it('keeps the phase Running while a sidecar runs after the executor exited', () => {
    const rt = scheduled();
    for (const c of rt.containers) startContainer(c, T1);
    terminateContainer(rt.containers[1]!, T2, 0);
    const s = computePodStatus(rt, T2);
    expect(s.phase).toBe('Running');
    expect(s.containerStatuses?.[1]?.state?.terminated).toEqual({ exitCode: 0, reason: 'Completed', startedAt: T1, finishedAt: T2, containerID: 'containerd://c0ffee' });
  });

  it('ends Failed with the exit code and reason of an OOM kill, Succeeded when all exit 0', () => {
    const rt = scheduled();
    for (const c of rt.containers) startContainer(c, T1);
    terminateContainer(rt.containers[1]!, T2, 137, 'OOMKilled');
    terminateContainer(rt.containers[0]!, T2, 0);
    const s = computePodStatus(rt, T2);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.[1]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });

    const ok = scheduled();
    for (const c of ok.containers) { startContainer(c, T1); terminateContainer(c, T2, 0); }
    expect(podPhase(ok)).toBe('Succeeded');
  });

  it('reports an eviction as phase Failed, reason Evicted, with a DisruptionTarget condition', () => {
    const rt = scheduled();
    for (const c of rt.containers) startContainer(c, T1);
    rt.evictionMessage = 'The node was low on resource: memory. ';
    for (const c of rt.containers) terminateContainer(c, T2, 137);
    const s = computePodStatus(rt, T2);
    expect(s).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. ' });
    expect(cond(s, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
  });

  it('moves containers only forward', () => {
    const rt = scheduled();
    const c = rt.containers[1]!;
    startContainer(c, T1);
    terminateContainer(c, T2, 143);
    startContainer(c, T2);
    terminateContainer(c, T2, 0);
    expect(c).toMatchObject({ stage: 'terminated', exitCode: 143, reason: 'Error' });
  });
});

describe('kubeTime', () => {
  it('writes RFC 3339 with whole seconds', () => {
    expect(kubeTime(Date.UTC(2025, 10, 24, 12, 0, 5, 789))).toBe('2025-11-24T12:00:05Z');
  });
});
