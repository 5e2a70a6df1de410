import { describe, expect, it } from 'vitest';
import type { KubePod } from '../kube/types';
import { describeCauseGroup, groupCauses, podCause, STUCK_CREATING_MS, type CauseInput } from './podCause';
import { toPodEvent, type PodEvent } from './podEvent';
import { podWaiting } from './podWaiting';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const event = (reason: string, message: string, extra: Partial<PodEvent> = {}): PodEvent => ({
  id: `${reason}-${extra.last ?? NOW}`, type: 'Warning', reason, message, count: 1, first: NOW - 60_000, last: NOW - 1000, source: 'default-scheduler', kind: 'Pod', object: 'exec-1', ...extra,
});
const input = (over: Partial<CauseInput>): CauseInput => ({ state: 'pending', reason: null, waiting: null, events: [], since: NOW - 30_000, now: NOW, ...over });

describe('podWaiting', () => {
  it('reads the scheduler\'s condition first, then init containers, then containers', () => {
    const pod: KubePod = {
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.', lastTransitionTime: '2026-03-01T11:50:00Z' }],
      },
    };
    expect(podWaiting(pod)).toEqual({ reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.', container: null, since: Date.parse('2026-03-01T11:50:00Z') });
    const pulling: KubePod = {
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True' }],
        initContainerStatuses: [{ name: 'fetch', state: { waiting: { reason: 'PodInitializing' } } }],
        containerStatuses: [{ name: 'spark-kubernetes-executor', state: { waiting: { reason: 'ErrImagePull', message: 'x' } } }],
      },
    };
    expect(podWaiting(pulling)).toMatchObject({ reason: 'PodInitializing', container: 'fetch' });
    expect(podWaiting({ status: { phase: 'Running', containerStatuses: [{ name: 'a', state: { running: {} } }] } })).toBeNull();
  });
});

describe('podCause', () => {
  it('pending and unschedulable: the scheduler\'s diagnosis in words, the message kept', () => {
    const message = '0/12 nodes are available: 12 Insufficient cpu. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.';
    const c = podCause(input({ waiting: { reason: 'Unschedulable', message, container: null, since: null } }))!;
    expect(c).toMatchObject({ kind: 'scheduling', text: '12 of 12 nodes lack cpu', message });
    expect(c.scheduling!.totalNodes).toBe(12);
  });

  it('falls back to the newest FailedScheduling event when the condition says nothing readable', () => {
    const events = [event('FailedScheduling', '0/3 nodes are available: 3 Insufficient memory.', { last: NOW - 50_000 }), event('FailedScheduling', "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", { last: NOW - 2000 })];
    expect(podCause(input({ waiting: { reason: 'Unschedulable', message: null, container: null, since: null }, events }))!.text).toBe("3 of 3 nodes don't match the pod's node selector or affinity");
  });

  it('image pulls, with the image and the registry\'s answer', () => {
    const c = podCause(input({
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/spark:3.5.9"', container: 'spark-kubernetes-executor', since: null },
      events: [event('Failed', 'Failed to pull image "registry.example.com/spark:3.5.9": rpc error: code = NotFound desc = failed to pull and unpack image: not found', { source: 'kubelet' })],
    }))!;
    expect(c.kind).toBe('image');
    expect(c.text).toBe('cannot pull image registry.example.com/spark:3.5.9 (ImagePullBackOff)');
    expect(c.message).toMatch(/code = NotFound/);
  });

  it('a missing secret key', () => {
    const c = podCause(input({ waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key password in Secret spark-etl/db", container: 'spark-kubernetes-executor', since: null } }))!;
    expect(c).toMatchObject({ kind: 'config', text: "container spark-kubernetes-executor cannot be configured: couldn't find key password in Secret spark-etl/db" });
  });

  it('volumes: Multi-Attach and mounts', () => {
    const multi = event('FailedAttachVolume', 'Multi-Attach error for volume "pvc-1" Volume is already exclusively attached to one node and can\'t be attached to another', { source: 'attachdetach-controller' });
    expect(podCause(input({ waiting: { reason: 'ContainerCreating', message: null, container: 'spark', since: null }, events: [multi] }))).toMatchObject({ kind: 'volume', text: 'its volume is still attached to another node (Multi-Attach)' });
    const mount = event('FailedMount', 'MountVolume.SetUp failed for volume "data" : mount failed: exit status 32', { source: 'kubelet' });
    expect(podCause(input({ waiting: { reason: 'ContainerCreating', message: null, container: 'spark', since: null }, events: [mount] }))!.text).toBe('a volume cannot be mounted');
  });

  it('containers being created: a cause only once it is stuck', () => {
    const waiting = { reason: 'ContainerCreating', message: null, container: 'spark', since: null };
    expect(podCause(input({ waiting, since: NOW - 30_000 }))).toBeNull();
    expect(podCause(input({ waiting, since: NOW - STUCK_CREATING_MS - 6 * 60_000 }))!.text).toBe('containers still being created after 8m');
  });

  it('gated pods, evictions, crash loops; nothing for running or succeeded pods', () => {
    expect(podCause(input({ waiting: { reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', container: null, since: null } }))!.kind).toBe('gated');
    expect(podCause(input({ state: 'failed', reason: 'Evicted', events: [event('Evicted', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 88Mi.', { source: 'kubelet' })] })))
      .toMatchObject({ kind: 'evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 88Mi.' });
    expect(podCause(input({ state: 'unknown', waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container', container: 'sidecar', since: null } }))!.text).toBe('container sidecar keeps crashing (CrashLoopBackOff)');
    expect(podCause(input({ state: 'running', events: [event('FailedScheduling', '0/1 nodes are available: 1 Insufficient cpu.')] }))).toBeNull();
    expect(podCause(input({ state: 'succeeded' }))).toBeNull();
  });
});

describe('groupCauses', () => {
  it('counts pods per state and cause, largest first', () => {
    const cpu = podCause(input({ waiting: { reason: 'Unschedulable', message: '0/12 nodes are available: 12 Insufficient cpu.', container: null, since: null } }));
    const img = podCause(input({ waiting: { reason: 'ErrImagePull', message: 'image "a:b"', container: 's', since: null } }));
    const pods = [
      ...Array.from({ length: 28 }, (_, i) => ({ name: `exec-${i}`, state: 'pending' as const, cause: cpu })),
      { name: 'exec-x', state: 'pending' as const, cause: img }, { name: 'exec-y', state: 'running' as const, cause: null },
    ];
    const groups = groupCauses(pods);
    expect(groups.map(describeCauseGroup)).toEqual(['28 pending: 12 of 12 nodes lack cpu', '1 pending: cannot pull image a:b (ErrImagePull)']);
    expect(groups[0].example).toBe('exec-0');
  });
});

describe('toPodEvent', () => {
  it('keeps what the dashboard shows, from either event time field', () => {
    const e = toPodEvent({
      metadata: { uid: 'e1', name: 'exec-1.17f', namespace: 'spark' }, involvedObject: { kind: 'Pod', name: 'exec-1', uid: 'p1' },
      type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.', count: 4,
      eventTime: '2026-03-01T11:59:00.000000Z', reportingComponent: 'default-scheduler',
    }, NOW)!;
    expect(e).toEqual({ id: 'e1', type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.', count: 4, first: Date.parse('2026-03-01T11:59:00Z'), last: Date.parse('2026-03-01T11:59:00Z'), source: 'default-scheduler', kind: 'Pod', object: 'exec-1' });
    expect(toPodEvent({ metadata: { uid: 'x' } }, NOW)).toBeNull();
  });
});
