import { describe, expect, it } from 'vitest';
import type { KubeContainerState, KubeContainerStatus, KubePod } from '../kube/types';
import {
  DEFAULT_DRIVER_CONTAINER_NAME, DEFAULT_EXECUTOR_CONTAINER_NAME, DEFAULT_POD_STATE_OPTIONS, EXECUTOR_POD_STATES,
  isFinalPodState, sparkPodState,
} from './podState';
import type { PodStateOptions } from './podState';

const SPARK = DEFAULT_EXECUTOR_CONTAINER_NAME;
const ON: PodStateOptions = { checkAllContainers: true, sparkContainerName: SPARK };
const OFF: PodStateOptions = { checkAllContainers: false, sparkContainerName: SPARK };

const running: KubeContainerState = { running: { startedAt: '2026-01-01T00:00:05Z' } };
const waiting: KubeContainerState = { waiting: { reason: 'ContainerCreating' } };
const exited = (exitCode: number): KubeContainerState => ({ terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' } });
const cs = (name: string, state?: KubeContainerState | null): KubeContainerStatus => (state === undefined ? { name } : { name, state });

interface PodShape {
  phase?: string | null;
  deletionTimestamp?: string;
  restartPolicy?: string;
  statuses?: (KubeContainerStatus | null)[];
  noStatus?: boolean;
}

function pod(shape: PodShape): KubePod {
  const status: KubePod['status'] = shape.noStatus ? undefined : {
    ...(shape.phase === undefined ? {} : { phase: shape.phase as string }),
    ...(shape.statuses === undefined ? {} : { containerStatuses: shape.statuses as KubeContainerStatus[] }),
  };
  return {
    metadata: { name: 'exec-1', ...(shape.deletionTimestamp === undefined ? {} : { deletionTimestamp: shape.deletionTimestamp }) },
    spec: shape.restartPolicy === undefined ? {} : { restartPolicy: shape.restartPolicy },
    status,
  };
}

const runningPod = (statuses: (KubeContainerStatus | null)[], restartPolicy: string | undefined = 'Never', extra: PodShape = {}) =>
  pod({ phase: 'Running', restartPolicy, statuses, ...extra });

describe('the state list', () => {
  it('is in display order', () => {
    expect(EXECUTOR_POD_STATES).toEqual(['running', 'pending', 'succeeded', 'failed', 'deleted', 'terminating', 'unknown']);
  });

  it('marks Spark\'s FinalPodState subtypes as final', () => {
    expect(EXECUTOR_POD_STATES.filter(isFinalPodState)).toEqual(['succeeded', 'failed', 'deleted', 'terminating']);
  });

  it('defaults to Spark 4: checkAllContainers on, the executor container name', () => {
    expect(DEFAULT_POD_STATE_OPTIONS).toEqual({ checkAllContainers: true, sparkContainerName: 'spark-kubernetes-executor' });
    expect(DEFAULT_DRIVER_CONTAINER_NAME).toBe('spark-kubernetes-driver');
    expect(Object.isFrozen(DEFAULT_POD_STATE_OPTIONS)).toBe(true);
  });
});

describe('a pod with a deletionTimestamp', () => {
  const cases: [string, PodShape, string, string][] = [
    ['phase Pending', { phase: 'Pending' }, 'deleted', 'deleted'],
    ['phase Running (falls through to the container checks)', { phase: 'Running', statuses: [cs(SPARK, running)] }, 'running', 'spark-container-not-terminated'],
    ['phase RUNNING in capitals', { phase: 'RUNNING', statuses: [cs(SPARK, running)] }, 'running', 'spark-container-not-terminated'],
    ['phase Succeeded', { phase: 'Succeeded' }, 'deleted', 'deleted'],
    ['phase Failed', { phase: 'Failed' }, 'deleted', 'deleted'],
    ['phase Unknown', { phase: 'Unknown' }, 'deleted', 'deleted'],
    ['the literal phase "Terminating"', { phase: 'Terminating' }, 'terminating', 'phase-terminating'],
    ['phase "terminating"', { phase: 'terminating' }, 'terminating', 'phase-terminating'],
    ['an empty phase', { phase: '' }, 'deleted', 'deleted'],
    ['a status without phase', {}, 'deleted', 'deleted'],
    ['a null phase', { phase: null }, 'deleted', 'deleted'],
    ['no status at all', { noStatus: true }, 'deleted', 'deleted'],
  ];
  it.each(cases)('with %s', (_label, shape, state, rule) => {
    const decision = sparkPodState(pod({ ...shape, deletionTimestamp: '2026-01-01T00:10:00Z' }), ON);
    expect(decision).toEqual({ state, rule, beingDeleted: true });
  });

  it('counts only the presence of the timestamp, never its value', () => {
    expect(sparkPodState(pod({ phase: 'Pending', deletionTimestamp: '523012521' }), ON).state).toBe('deleted');
    expect(sparkPodState(pod({ phase: 'Pending', deletionTimestamp: '' }), ON).state).toBe('deleted');
  });

  it('can still be succeeded or failed while Running, by its containers', () => {
    const deleting = '2026-01-01T00:10:00Z';
    expect(sparkPodState(runningPod([cs(SPARK, exited(0))], 'Never', { deletionTimestamp: deleting }), ON))
      .toEqual({ state: 'succeeded', rule: 'spark-container-exit-zero', beingDeleted: true });
    expect(sparkPodState(runningPod([cs('sidecar', exited(2)), cs(SPARK, running)], 'Never', { deletionTimestamp: deleting }), ON))
      .toEqual({ state: 'failed', rule: 'all-containers-nonzero-exit', beingDeleted: true });
  });
});

describe('the phase', () => {
  const cases: [string, string, string][] = [
    ['Pending', 'pending', 'phase-pending'],
    ['pending', 'pending', 'phase-pending'],
    ['PENDING', 'pending', 'phase-pending'],
    ['Running', 'running', 'spark-container-not-terminated'],
    ['RUNNING', 'running', 'spark-container-not-terminated'],
    ['running', 'running', 'spark-container-not-terminated'],
    ['rUnNiNg', 'running', 'spark-container-not-terminated'],
    ['Failed', 'failed', 'phase-failed'],
    ['FAILED', 'failed', 'phase-failed'],
    ['Succeeded', 'succeeded', 'phase-succeeded'],
    ['succeeded', 'succeeded', 'phase-succeeded'],
    ['Terminating', 'terminating', 'phase-terminating'],
    ['Unknown', 'unknown', 'unknown-phase'],
    ['', 'unknown', 'unknown-phase'],
    ['Completed', 'unknown', 'unknown-phase'],
    ['CrashLoopBackOff', 'unknown', 'unknown-phase'],
    [' Running', 'unknown', 'unknown-phase'],
  ];
  it.each(cases)('%j gives %s', (phase, state, rule) => {
    expect(sparkPodState(pod({ phase, statuses: [cs(SPARK, running)] }), ON)).toEqual({ state, rule, beingDeleted: false });
  });

  it('is lower-cased without a locale, as Locale.ROOT does', () => {
    // A Turkish lower-casing would turn "I" into a dotless "ı" and miss "running".
    expect('RUNNING'.toLocaleLowerCase('tr')).not.toBe('running');
    expect(sparkPodState(pod({ phase: 'RUNNING', statuses: [] }), ON).state).toBe('running');
    // Turkish dotted capital İ lower-cases to "i" plus a combining dot, so it is not "running".
    expect(sparkPodState(pod({ phase: 'RUNNİNG', statuses: [] }), ON).state).toBe('unknown');
    expect(sparkPodState(pod({ phase: 'runnıng', statuses: [] }), ON).state).toBe('unknown');
    expect(sparkPodState(pod({ phase: 'PENDİNG' }), ON).state).toBe('unknown');
  });

  it('is not consulted for container statuses while Pending', () => {
    expect(sparkPodState(pod({ phase: 'Pending', restartPolicy: 'Never', statuses: [cs(SPARK, exited(1))] }), ON).state).toBe('pending');
  });
});

describe('where Spark would throw', () => {
  it('reports a pod without status and without deletionTimestamp', () => {
    const d = sparkPodState(pod({ noStatus: true }), ON);
    expect(d).toMatchObject({ state: 'unknown', rule: 'spark-would-throw', beingDeleted: false });
    expect(d.anomaly).toContain('no status');
    expect(d.anomaly).toContain('NullPointerException');
  });

  it('reports a null status the same way', () => {
    expect(sparkPodState({ metadata: { name: 'x' }, status: null }, ON).rule).toBe('spark-would-throw');
  });

  it('reports a status without phase', () => {
    expect(sparkPodState(pod({}), ON)).toMatchObject({ state: 'unknown', rule: 'spark-would-throw' });
    expect(sparkPodState(pod({ phase: null }), OFF).anomaly).toContain('no phase');
  });

  it('reports a pod without metadata', () => {
    expect(sparkPodState({ status: { phase: 'Running' } }, ON)).toMatchObject({ rule: 'spark-would-throw', beingDeleted: false });
  });

  it('reports a container status without state when every container is checked', () => {
    const d = sparkPodState(runningPod([cs('sidecar'), cs(SPARK, running)]), ON);
    expect(d).toMatchObject({ state: 'unknown', rule: 'spark-would-throw' });
    expect(d.anomaly).toContain('"sidecar" has no state');
  });

  it('reports a null state the same way', () => {
    expect(sparkPodState(runningPod([cs(SPARK, null)]), ON).rule).toBe('spark-would-throw');
  });

  it('tolerates a container status without state when the check is off, or the policy is not Never', () => {
    expect(sparkPodState(runningPod([cs('sidecar'), cs(SPARK)]), OFF)).toEqual({ state: 'running', rule: 'spark-container-not-terminated', beingDeleted: false });
    expect(sparkPodState(runningPod([cs(SPARK, null)], 'Always'), ON).state).toBe('running');
  });

  it('never reaches a broken entry after a failed container (anyMatch stops early)', () => {
    expect(sparkPodState(runningPod([cs('sidecar', exited(1)), cs('broken')]), ON).rule).toBe('all-containers-nonzero-exit');
  });

  it('reports a null entry in the container statuses', () => {
    expect(sparkPodState(runningPod([null]), OFF).rule).toBe('spark-would-throw');
    expect(sparkPodState(runningPod([null]), ON).rule).toBe('spark-would-throw');
  });

  it('reports a running pod without spec only when the check needs its restartPolicy', () => {
    const noSpec: KubePod = { metadata: {}, status: { phase: 'Running', containerStatuses: [cs(SPARK, running)] } };
    expect(sparkPodState(noSpec, ON).rule).toBe('spark-would-throw');
    expect(sparkPodState(noSpec, OFF).state).toBe('running');
  });
});

describe('checkAllContainers', () => {
  it('fails a running executor whose sidecar exited non-zero, only with the flag on', () => {
    const p = runningPod([cs('log-shipper', exited(1)), cs(SPARK, running)]);
    expect(sparkPodState(p, ON)).toEqual({ state: 'failed', rule: 'all-containers-nonzero-exit', beingDeleted: false });
    expect(sparkPodState(p, OFF)).toEqual({ state: 'running', rule: 'spark-container-not-terminated', beingDeleted: false });
  });

  it('ignores a sidecar that exited 0', () => {
    const p = runningPod([cs('log-shipper', exited(0)), cs(SPARK, running)]);
    expect(sparkPodState(p, ON).state).toBe('running');
    expect(sparkPodState(p, OFF).state).toBe('running');
  });

  it('fails a Spark container that exited 0 beside a failed sidecar; without the flag it succeeded', () => {
    const p = runningPod([cs(SPARK, exited(0)), cs('log-shipper', exited(3))]);
    expect(sparkPodState(p, ON).rule).toBe('all-containers-nonzero-exit');
    expect(sparkPodState(p, OFF)).toEqual({ state: 'succeeded', rule: 'spark-container-exit-zero', beingDeleted: false });
  });

  it('decides a Spark container that exited non-zero through the all-containers check when on', () => {
    const p = runningPod([cs(SPARK, exited(1)), cs('log-shipper', running)]);
    expect(sparkPodState(p, ON).rule).toBe('all-containers-nonzero-exit');
    expect(sparkPodState(p, OFF)).toEqual({ state: 'failed', rule: 'spark-container-exit-nonzero', beingDeleted: false });
  });

  it('succeeds a Spark container that exited 0 while the sidecar still runs', () => {
    const p = runningPod([cs('log-shipper', running), cs(SPARK, exited(0))]);
    expect(sparkPodState(p, ON).state).toBe('succeeded');
    expect(sparkPodState(p, OFF).state).toBe('succeeded');
  });

  it.each([['never'], ['NEVER'], ['Always'], ['OnFailure'], [undefined]])('has no effect with restartPolicy %s', (policy) => {
    const p = pod({ phase: 'Running', restartPolicy: policy, statuses: [cs('log-shipper', exited(1)), cs(SPARK, running)] });
    expect(p.spec?.restartPolicy).toBe(policy);
    expect(sparkPodState(p, ON)).toEqual({ state: 'running', rule: 'spark-container-not-terminated', beingDeleted: false });
  });

  it('never looks at init or ephemeral containers', () => {
    const p = runningPod([cs(SPARK, running)]);
    p.status!.initContainerStatuses = [cs('fetch-deps', exited(1)), cs('native-sidecar', exited(137))];
    p.status!.ephemeralContainerStatuses = [cs('debugger', exited(1))];
    expect(sparkPodState(p, ON)).toEqual({ state: 'running', rule: 'spark-container-not-terminated', beingDeleted: false });
  });

  it('counts a terminated state without exit code as a failure (Scala: null != 0), and says so', () => {
    const p = runningPod([cs('log-shipper', { terminated: { reason: 'Error' } }), cs(SPARK, running)]);
    const d = sparkPodState(p, ON);
    expect(d).toMatchObject({ state: 'failed', rule: 'all-containers-nonzero-exit' });
    expect(d.anomaly).toContain('no exit code');
    expect(sparkPodState(p, OFF)).toEqual({ state: 'running', rule: 'spark-container-not-terminated', beingDeleted: false });
  });
});

describe('the Spark container', () => {
  it('is found by exact name; the first status with that name wins', () => {
    expect(sparkPodState(runningPod([cs(SPARK, running), cs(SPARK, exited(1))]), OFF).state).toBe('running');
    expect(sparkPodState(runningPod([cs(SPARK, exited(0)), cs(SPARK, exited(1))]), OFF).state).toBe('succeeded');
    // With the flag on, the all-containers check still sees the second one.
    expect(sparkPodState(runningPod([cs(SPARK, exited(0)), cs(SPARK, exited(1))]), ON).state).toBe('failed');
    expect(sparkPodState(runningPod([cs('Spark-Kubernetes-Executor', exited(1))]), OFF).rule).toBe('spark-container-missing');
  });

  it('can have a custom name', () => {
    const custom: PodStateOptions = { checkAllContainers: false, sparkContainerName: 'executor' };
    const p = runningPod([cs('executor', exited(1))]);
    expect(sparkPodState(p, custom)).toEqual({ state: 'failed', rule: 'spark-container-exit-nonzero', beingDeleted: false });
    // The container-name trap: looking for the default name misses the exit entirely...
    expect(sparkPodState(p, OFF)).toEqual({ state: 'running', rule: 'spark-container-missing', beingDeleted: false });
    // ...unless the all-containers check catches the non-zero exit.
    expect(sparkPodState(p, ON).state).toBe('failed');
  });

  it('is running while waiting, without state, or absent from the statuses', () => {
    expect(sparkPodState(runningPod([cs(SPARK, waiting)]), ON).rule).toBe('spark-container-not-terminated');
    expect(sparkPodState(runningPod([cs(SPARK)]), OFF).rule).toBe('spark-container-not-terminated');
    expect(sparkPodState(runningPod([]), ON)).toEqual({ state: 'running', rule: 'spark-container-missing', beingDeleted: false });
    expect(sparkPodState(pod({ phase: 'Running', restartPolicy: 'Never' }), ON).rule).toBe('spark-container-missing');
  });

  it('is running when terminated without exit code (Spark\'s Option chain), and says so', () => {
    const d = sparkPodState(runningPod([cs(SPARK, { terminated: { reason: 'Error' } })]), OFF);
    expect(d).toMatchObject({ state: 'running', rule: 'spark-container-not-terminated' });
    expect(d.anomaly).toContain('no exit code');
  });

  it('wins over a non-zero exit of another container when the check is off', () => {
    expect(sparkPodState(runningPod([cs('init-like', exited(9)), cs(SPARK, exited(0))]), OFF).state).toBe('succeeded');
  });

  it('decides a driver pod with the driver container name', () => {
    const driver: PodStateOptions = { checkAllContainers: true, sparkContainerName: DEFAULT_DRIVER_CONTAINER_NAME };
    expect(sparkPodState(runningPod([cs(DEFAULT_DRIVER_CONTAINER_NAME, exited(0))]), driver).state).toBe('succeeded');
  });
});
